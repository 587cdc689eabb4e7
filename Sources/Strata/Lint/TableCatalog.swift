/// What the migrations themselves say about tables: each table's engine (ClickHouse) and
/// columns with their types, as created and altered in version order. Pure and rough on
/// purpose: it serves lint's questions (is this table replicated? what type did this
/// column have?), not execution.
struct TableCatalog {
    struct Table {
        var engine: String?
        var columns: [String: [SQLWord]] = [:]
    }

    private(set) var tables: [String: Table] = [:]

    /// No tables: what the first migration sees.
    init() {}

    /// Takes in what one up section's statements do to tables.
    mutating func read(_ statements: [[SQLWord]]) {
        for statement in statements { read(statement) }
    }

    func table(_ name: String) -> Table? { tables[name.lowercased()] }

    private mutating func read(_ statement: [SQLWord]) {
        if let created = SQLShapes.createdTable(statement) {
            var table = Table()
            table.engine = SQLShapes.engine(statement)
            for column in SQLShapes.columnDefinitions(statement) { table.columns[column.name.name.lowercased()] = column.type }
            tables[created.name.lowercased()] = table
        } else if let altered = SQLShapes.alteredTable(statement) {
            let key = altered.name.lowercased()
            for column in SQLShapes.columnDefinitions(statement) { tables[key, default: Table()].columns[column.name.name.lowercased()] = column.type }
        } else if statement.count >= 3, statement[0].is("DROP"), statement[1].is("TABLE") {
            let name = statement.dropFirst(2).first { !$0.is("IF", "EXISTS") }
            if let name { tables[name.name.lowercased()] = nil }
        }
    }
}

/// Recognises the shapes of statements lint cares about.
enum SQLShapes {
    /// `CREATE [OR REPLACE] [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] name`: the name's word.
    static func createdTable(_ s: [SQLWord]) -> SQLWord? {
        guard s.first?.is("CREATE") == true else { return nil }
        var index = 1
        while index < s.count, s[index].is("OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED") { index += 1 }
        guard index < s.count, s[index].is("TABLE") else { return nil }
        index += 1
        if index + 2 < s.count, s[index].is("IF"), s[index + 1].is("NOT"), s[index + 2].is("EXISTS") { index += 3 }
        return qualifiedName(s, from: index)
    }

    /// `ALTER TABLE [IF EXISTS] name`: the name's word.
    static func alteredTable(_ s: [SQLWord]) -> SQLWord? {
        guard s.count > 2, s[0].is("ALTER"), s[1].is("TABLE") else { return nil }
        var index = 2
        if index + 1 < s.count, s[index].is("IF"), s[index + 1].is("EXISTS") { index += 2 }
        return qualifiedName(s, from: index)
    }

    /// The last part of `a.b.c` starting at `index`.
    static func qualifiedName(_ s: [SQLWord], from index: Int) -> SQLWord? {
        guard index < s.count, [.word, .quotedName].contains(s[index].kind) else { return nil }
        var name = s[index]
        var i = index + 1
        while i + 1 < s.count, s[i].text == ".", [.word, .quotedName].contains(s[i + 1].kind) {
            name = s[i + 1]
            i += 2
        }
        return name
    }

    /// The ClickHouse `ENGINE = Name(...)` of a CREATE TABLE, as its name.
    static func engine(_ s: [SQLWord]) -> String? {
        guard let index = s.firstIndex(where: { $0.is("ENGINE") }) else { return nil }
        let rest = s[(index + 1)...].drop { $0.text == "=" }
        return rest.first?.text
    }

    /// Column definitions of a CREATE TABLE (inside its first parentheses) or of
    /// `ALTER TABLE ... ADD [COLUMN] [IF NOT EXISTS] name type`: each column's name word and type words.
    static func columnDefinitions(_ s: [SQLWord]) -> [(name: SQLWord, type: [SQLWord])] {
        if createdTable(s) != nil {
            guard let open = s.firstIndex(where: { $0.text == "(" }) else { return [] }
            var result: [(SQLWord, [SQLWord])] = []
            var depth = 0
            var element: [SQLWord] = []
            func flush() {
                defer { element = [] }
                guard let first = element.first, [.word, .quotedName].contains(first.kind),
                      !first.is("PRIMARY", "UNIQUE", "CONSTRAINT", "CHECK", "FOREIGN", "INDEX", "PROJECTION", "KEY") else { return }
                result.append((first, Array(element.dropFirst())))
            }
            for word in s[(open + 1)...] {
                if word.text == "(" { depth += 1 }
                if word.text == ")" {
                    if depth == 0 { flush(); break }
                    depth -= 1
                }
                if word.text == ",", depth == 0 { flush(); continue }
                element.append(word)
            }
            return result
        }
        guard alteredTable(s) != nil else { return [] }
        var result: [(SQLWord, [SQLWord])] = []
        var index = 0
        while index < s.count {
            if s[index].is("ADD"), index + 1 < s.count {
                var i = index + 1
                if s[i].is("COLUMN") { i += 1 }
                if i + 2 < s.count, s[i].is("IF"), s[i + 1].is("NOT"), s[i + 2].is("EXISTS") { i += 3 }
                if i < s.count, [.word, .quotedName].contains(s[i].kind), !s[i].is("CONSTRAINT", "INDEX", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "PROJECTION") {
                    var type: [SQLWord] = []
                    var depth = 0
                    var j = i + 1
                    while j < s.count {
                        if s[j].text == "(" { depth += 1 }
                        if s[j].text == ")" { depth -= 1 }
                        if s[j].text == ",", depth == 0 { break }
                        type.append(s[j])
                        j += 1
                    }
                    result.append((s[i], type))
                    index = j
                    continue
                }
            }
            index += 1
        }
        return result
    }
}
