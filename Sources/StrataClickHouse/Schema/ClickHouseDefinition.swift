/// Lays out a `CREATE TABLE`, `VIEW`, `MATERIALIZED VIEW` or `DICTIONARY` statement as
/// ClickHouse prints it (`system.tables.create_table_query`) in Strata's canonical form.
/// Pure.
///
/// - The database's own name is removed wherever it qualifies a name (`analytics.events`
///   becomes `events`), so that two databases with the same schema give the same text and
///   a dump can be replayed into another database. Names qualified with other databases
///   are kept.
/// - Blanks are collapsed; one column, index or constraint per line; each clause
///   (`ENGINE`, `PARTITION BY`, `PRIMARY KEY`, `ORDER BY`, `SAMPLE BY`, `TTL`, `SETTINGS`,
///   `COMMENT`, a dictionary's `SOURCE`, `LIFETIME`, `LAYOUT`, `RANGE`) on a line of its
///   own; a view's query on one line after `AS`.
///
/// ```
/// CREATE TABLE events
/// (
///     id UInt64,
///     kind String DEFAULT 'x'
/// )
/// ENGINE = MergeTree
/// ORDER BY (id, kind)
/// SETTINGS index_granularity = 8192
/// ```
///
/// The server's own spelling of everything else is kept, so a dump taken on one
/// ClickHouse release compares equal with dumps from the same release; releases format
/// some parts differently (modern servers back-quote column names).
enum ClickHouseDefinition {
    static func canonical(_ createQuery: String, database: String) -> String {
        let tokens = unqualified(ClickHouseDefinitionTokens.tokens(createQuery), database: database)
        var position = 0
        var depth = 0
        var header: [ClickHouseDefinitionToken] = []
        // The header runs to the element list or the first clause.
        while position < tokens.count {
            let token = tokens[position]
            if depth == 0, token.kind == .symbol, token.text == "(", !header.isEmpty, header.last?.kind == .blank || isNameToken(header.last) {
                break
            }
            if depth == 0, clauseLength(tokens, at: position) != nil { break }
            if token.kind == .symbol, token.text == "(" { depth += 1 }
            if token.kind == .symbol, token.text == ")" { depth -= 1 }
            header.append(token)
            position += 1
        }
        var lines = [render(header)]
        if position < tokens.count, tokens[position].text == "(" {
            var elements: [[ClickHouseDefinitionToken]] = [[]]
            depth = 1
            position += 1
            while position < tokens.count {
                let token = tokens[position]
                position += 1
                if token.kind == .symbol, token.text == "(" { depth += 1 }
                if token.kind == .symbol, token.text == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                if depth == 1, token.kind == .symbol, token.text == "," {
                    elements.append([])
                    continue
                }
                elements[elements.count - 1].append(token)
            }
            let rendered = elements.map(render).filter { !$0.isEmpty }
            lines.append("(")
            lines.append(rendered.map { "    " + $0 }.joined(separator: ",\n"))
            lines.append(")")
        }
        // The clauses, each on its own line; everything after `AS` stays on one.
        var clause: [ClickHouseDefinitionToken] = []
        depth = 0
        var inQuery = false
        while position < tokens.count {
            let token = tokens[position]
            if !inQuery, depth == 0, clauseLength(tokens, at: position) != nil, !clause.allSatisfy({ $0.kind == .blank }) {
                lines.append(render(clause))
                clause = []
            }
            if !inQuery, depth == 0, token.isKeyword("AS") { inQuery = true }
            if token.kind == .symbol, token.text == "(" { depth += 1 }
            if token.kind == .symbol, token.text == ")" { depth -= 1 }
            clause.append(token)
            position += 1
        }
        if !clause.allSatisfy({ $0.kind == .blank }) { lines.append(render(clause)) }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Removes `database.` where it qualifies a name.
    static func unqualified(_ tokens: [ClickHouseDefinitionToken], database: String) -> [ClickHouseDefinitionToken] {
        var result: [ClickHouseDefinitionToken] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let qualifies = index + 2 < tokens.count && tokens[index + 1].kind == .symbol && tokens[index + 1].text == "."
                && (tokens[index + 2].kind == .word || tokens[index + 2].kind == .quotedName)
            let afterDot = result.last?.kind == .symbol && result.last?.text == "."
            if qualifies, !afterDot, token.name == database {
                index += 2
                continue
            }
            result.append(token)
            index += 1
        }
        return result
    }

    /// Clause keywords: how many tokens (words and the blank between them) the keyword at
    /// `index` spans, or `nil` when no clause starts there.
    private static func clauseLength(_ tokens: [ClickHouseDefinitionToken], at index: Int) -> Int? {
        let token = tokens[index]
        guard token.kind == .word else { return nil }
        let previous = index > 0 ? tokens[index - 1] : nil
        guard previous == nil || previous?.kind == .blank || previous?.text == ")" else { return nil }
        switch token.text.uppercased() {
        case "ENGINE", "TTL", "SETTINGS", "COMMENT", "SOURCE", "LIFETIME", "LAYOUT", "RANGE", "AS":
            return 1
        case "PARTITION", "ORDER", "SAMPLE":
            return isWord(tokens, index + 2, "BY") ? 3 : nil
        case "PRIMARY":
            return isWord(tokens, index + 2, "KEY") ? 3 : nil
        default:
            return nil
        }
    }

    private static func isWord(_ tokens: [ClickHouseDefinitionToken], _ index: Int, _ word: String) -> Bool {
        index < tokens.count && tokens[index - 1].kind == .blank && tokens[index].isKeyword(word)
    }

    private static func isNameToken(_ token: ClickHouseDefinitionToken?) -> Bool {
        token?.kind == .word || token?.kind == .quotedName
    }

    /// The tokens as text: blanks collapsed, none inside parentheses' edges, trimmed.
    static func render(_ tokens: [ClickHouseDefinitionToken]) -> String {
        var text = ""
        for (index, token) in tokens.enumerated() {
            if token.kind == .blank {
                let previous = index > 0 ? tokens[index - 1] : nil
                let next = index + 1 < tokens.count ? tokens[index + 1] : nil
                if previous == nil || next == nil || previous?.text == "(" || next?.text == ")" || next?.text == "," { continue }
            }
            text += token.text
        }
        return text
    }
}
