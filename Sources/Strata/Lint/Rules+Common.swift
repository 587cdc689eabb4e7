/// Checks for every engine: destructive changes and missing down sections.
extension LintRule {
    /// DROP TABLE/COLUMN, TRUNCATE and narrowing type changes lose data; a file opts in with
    /// `-- strata:allow-destructive`.
    static let destructive = LintRule("destructive") { input in
        guard !input.migration.directives.contains(.allowDestructive) else { return [] }
        let optIn = "If this is intended, add `-- strata:allow-destructive` above `-- migrate:up`."
        var issues: [LintIssue] = []
        for statement in input.statements {
            guard let first = statement.first else { continue }
            if first.is("DROP"), statement.count > 1, statement[1].is("TABLE", "SCHEMA", "DATABASE") {
                let name = SQLShapes.qualifiedName(statement, from: statement[2...].firstIndex { !$0.is("IF", "EXISTS") } ?? 2)?.name ?? "?"
                issues.append(input.finding("destructive", .error, at: first, "DROP \(statement[1].upper) \(name) deletes its data.", suggestion: optIn))
            } else if first.is("TRUNCATE") {
                issues.append(input.finding("destructive", .error, at: first, "TRUNCATE deletes every row.", suggestion: optIn))
            } else if let table = SQLShapes.alteredTable(statement) {
                for (index, word) in statement.enumerated() where word.is("DROP") && index + 1 < statement.count {
                    let next = statement[index + 1]
                    if next.is("COLUMN") || (next.kind == .word && !next.is("CONSTRAINT", "INDEX", "DEFAULT", "NOT", "PROJECTION", "PARTITION")) {
                        let column = next.is("COLUMN") ? statement[(index + 2)...].first { !$0.is("IF", "EXISTS") } : next
                        issues.append(input.finding("destructive", .error, at: word,
                                                    "ALTER TABLE \(table.name) DROP COLUMN \(column?.name ?? "?") deletes the column's data.",
                                                    suggestion: optIn))
                    } else if next.is("PARTITION") {
                        issues.append(input.finding("destructive", .error, at: word, "DROP PARTITION on \(table.name) deletes data.", suggestion: optIn))
                    }
                }
                issues += narrowing(statement, table: table, input: input, optIn: optIn)
            }
        }
        return issues
    }

    /// A migration without a down section cannot be rolled back.
    static let missingDown = LintRule("no-down") { input in
        guard input.migration.down == nil else { return [] }
        return [input.finding("no-down", .warning, at: nil, "\(input.migration.fileName) has no down section: it cannot be rolled back.",
                              suggestion: "Add `-- migrate:down` with the statements that undo it, or accept that it is irreversible.")]
    }

    /// `ALTER COLUMN c TYPE t` / `MODIFY COLUMN c t` to a narrower type than the column had.
    static func narrowing(_ statement: [SQLWord], table: SQLWord, input: LintInput, optIn: String) -> [LintIssue] {
        var issues: [LintIssue] = []
        for (index, word) in statement.enumerated() where word.is("ALTER", "MODIFY") && index > 0 {
            var i = index + 1
            if i < statement.count, statement[i].is("COLUMN") { i += 1 }
            guard i < statement.count, [.word, .quotedName].contains(statement[i].kind) else { continue }
            let column = statement[i]
            i += 1
            while i < statement.count, statement[i].is("SET", "DATA", "TYPE", "IF", "EXISTS") { i += 1 }
            guard i < statement.count, statement[i].kind == .word else { continue }
            let newType = Array(statement[i...].prefix { $0.text != "," && !$0.is("USING", "DEFAULT", "CODEC", "TTL", "COMMENT", "SETTINGS") })
            let oldType = input.catalog.table(table.name)?.columns[column.name.lowercased()]
            switch TypeWidth.compare(old: oldType, new: newType) {
            case .narrower:
                issues.append(input.finding("destructive", .error, at: statement[i],
                                            "\(table.name).\(column.name) changes from \(TypeWidth.text(oldType)) to \(TypeWidth.text(newType)), which may not hold every value.",
                                            suggestion: optIn))
            case .unknown:
                issues.append(input.finding("destructive", .warning, at: statement[i],
                                            "\(table.name).\(column.name) changes type to \(TypeWidth.text(newType)); check that every value fits.",
                                            suggestion: optIn))
            case .wider:
                break
            }
        }
        return issues
    }
}

/// Whether a type change can lose values, for the common numeric and string types.
enum TypeWidth {
    enum Comparison { case wider, narrower, unknown }

    static func compare(old: [SQLWord]?, new: [SQLWord]) -> Comparison {
        guard let old, let oldRank = rank(old), let newRank = rank(new) else { return .unknown }
        guard oldRank.family == newRank.family else { return .narrower }
        return newRank.size >= oldRank.size ? .wider : .narrower
    }

    static func text(_ words: [SQLWord]?) -> String {
        guard let words, !words.isEmpty else { return "its old type" }
        var text = ""
        for word in words.prefix(while: { !$0.is("NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES") }) {
            text += (text.isEmpty || word.text == "(" || word.text == ")" || word.text == "," || text.hasSuffix("(") ? "" : " ") + word.text
        }
        return text
    }

    private static func rank(_ words: [SQLWord]) -> (family: String, size: Int)? {
        guard let first = words.first?.upper else { return nil }
        let sizes: [String: (String, Int)] = [
            "TINYINT": ("int", 1), "INT1": ("int", 1), "INT8": ("int", 1), "SMALLINT": ("int", 2), "INT2": ("int", 2), "INT16": ("int", 2),
            "INTEGER": ("int", 4), "INT": ("int", 4), "INT4": ("int", 4), "INT32": ("int", 4), "BIGINT": ("int", 8), "INT64": ("int", 8),
            "HUGEINT": ("int", 16), "INT128": ("int", 16), "INT256": ("int", 32),
            "UTINYINT": ("uint", 1), "UINT8": ("uint", 1), "USMALLINT": ("uint", 2), "UINT16": ("uint", 2),
            "UINTEGER": ("uint", 4), "UINT32": ("uint", 4), "UBIGINT": ("uint", 8), "UINT64": ("uint", 8), "UINT128": ("uint", 16), "UINT256": ("uint", 32),
            "REAL": ("float", 4), "FLOAT4": ("float", 4), "FLOAT32": ("float", 4), "FLOAT": ("float", 4),
            "DOUBLE": ("float", 8), "FLOAT8": ("float", 8), "FLOAT64": ("float", 8),
        ]
        if let size = sizes[first] { return size }
        if ["VARCHAR", "STRING", "TEXT", "CHAR", "BPCHAR", "FIXEDSTRING"].contains(first) {
            let length = words.dropFirst().first { $0.kind == .number }.flatMap { Int($0.text) }
            return ("string", first == "FIXEDSTRING" ? (length ?? 0) : (length ?? Int.max))
        }
        return nil
    }
}
