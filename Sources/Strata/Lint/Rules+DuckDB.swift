/// Checks for SQL written for PostgreSQL that DuckDB does not run.
extension LintRule {
    /// `SERIAL` columns: DuckDB has no SERIAL; a sequence with `DEFAULT nextval(...)` keeps auto-increment.
    static let duckdbSerial = LintRule("duckdb-serial", engines: [.duckdb]) { input in
        var issues: [LintIssue] = []
        for statement in input.statements {
            let table = SQLShapes.createdTable(statement) ?? SQLShapes.alteredTable(statement)
            for column in SQLShapes.columnDefinitions(statement) {
                guard let type = column.type.first, let integer = serialTypes[type.upper] else { continue }
                let sequence = "\(table?.name ?? "table")_\(column.name.name)_seq"
                var edits = [
                    input.edit(input.statementStart(of: statement)..<input.statementStart(of: statement),
                               "CREATE SEQUENCE IF NOT EXISTS \(sequence);\n"),
                    input.edit(type.range, "\(integer) DEFAULT nextval('\(sequence)')"),
                ]
                if let tableName = table?.name, let drop = input.migration.down.flatMap({ dropTableEnd(tableName, in: $0.sql) }) {
                    edits.append(TextEdit(section: .down, range: drop.offset..<drop.offset,
                                          replacement: (drop.terminated ? "" : ";") + "\nDROP SEQUENCE IF EXISTS \(sequence);"))
                }
                issues.append(input.finding(
                    "duckdb-serial", .error, at: type, "DuckDB does not know type \(type.upper) (column \(column.name.name)).",
                    suggestion: "Use \(integer) DEFAULT nextval('\(sequence)') with CREATE SEQUENCE \(sequence) before the table (keeps auto-increment).",
                    edits: edits))
            }
        }
        return issues
    }

    /// `JSONB`: DuckDB's type is JSON, with the same functions.
    static let duckdbJSONB = LintRule("duckdb-jsonb", engines: [.duckdb]) { input in
        input.statements.flatMap { statement in
            statement.enumerated().compactMap { index, word -> LintIssue? in
                guard word.is("JSONB"), isTypePosition(statement, index) else { return nil }
                return input.finding("duckdb-jsonb", .error, at: word, "DuckDB does not know type JSONB.",
                                     suggestion: "Use JSON (keeps the JSON functions).", edits: [input.edit(word.range, "JSON")])
            }
        }
    }

    /// Other PostgreSQL types DuckDB does not have.
    static let duckdbPostgresTypes = LintRule("duckdb-postgres-type", engines: [.duckdb]) { input in
        input.statements.flatMap { statement in
            statement.enumerated().compactMap { index, word -> LintIssue? in
                guard word.kind == .word, let replacement = postgresTypes[word.upper], isTypePosition(statement, index) else { return nil }
                return input.finding("duckdb-postgres-type", .error, at: word, "\(word.upper) is a PostgreSQL type that DuckDB does not have.",
                                     suggestion: replacement)
            }
        }
    }

    /// PostgreSQL-only statements.
    static let duckdbPostgresStatements = LintRule("duckdb-postgres-statement", engines: [.duckdb]) { input in
        var issues: [LintIssue] = []
        for statement in input.statements {
            let words = statement.filter { $0.kind == .word }.map(\.upper)
            func starts(_ prefix: String...) -> Bool {
                let filtered = words.filter { $0 != "OR" && $0 != "REPLACE" }
                return filtered.starts(with: prefix)
            }
            var problem: (String, String, [TextEdit])?
            if starts("CREATE", "EXTENSION") {
                problem = ("CREATE EXTENSION is PostgreSQL's.", "Remove it: json, icu and parquet are built into this DuckDB.", [])
            } else if starts("CREATE", "FUNCTION") || words.contains("PLPGSQL") {
                problem = ("PostgreSQL functions do not exist in DuckDB.", "Write a macro: CREATE MACRO name(a, b) AS expression.", [])
            } else if starts("CREATE", "TRIGGER") {
                problem = ("DuckDB has no triggers.", "Do the work in the statement that writes, or in the application.", [])
            } else if starts("CREATE", "MATERIALIZED", "VIEW") || starts("REFRESH", "MATERIALIZED") {
                problem = ("DuckDB has no materialized views.", "Use CREATE TABLE name AS SELECT ..., rebuilt when needed, or a plain VIEW.", [])
            } else if starts("CREATE", "POLICY") || starts("GRANT") || starts("REVOKE") || (words.first == "ALTER" && words.contains("OWNER")) {
                problem = ("DuckDB has no users, roles or row security.", "Remove the statement; control access to the database file instead.", [])
            } else if starts("CREATE", "DOMAIN") {
                problem = ("DuckDB has no domains.", "Use the base type with a CHECK constraint.", [])
            } else if let concurrently = statement.firstIndex(where: { $0.is("CONCURRENTLY") }), starts("CREATE") || starts("DROP") {
                let word = statement[concurrently]
                let end = concurrently + 1 < statement.count ? statement[concurrently + 1].range.lowerBound : word.range.upperBound
                problem = ("DuckDB does not know CONCURRENTLY.", "Remove it (DuckDB builds indexes within the transaction).",
                           [input.edit(word.range.lowerBound..<end, "")])
            } else if let using = statement.firstIndex(where: { $0.is("USING") }), starts("CREATE"), words.contains("INDEX"),
                      using + 1 < statement.count, statement[using + 1].is("GIN", "GIST", "BRIN", "SPGIST", "HASH") {
                problem = ("DuckDB has no \(statement[using + 1].upper) indexes.", "Remove `USING \(statement[using + 1].upper)` for an ART index, or drop the index.", [])
            } else if starts("LOCK") || starts("CLUSTER") {
                problem = ("\(words.first ?? "") is PostgreSQL's.", "Remove it.", [])
            }
            if let (message, suggestion, edits) = problem {
                issues.append(input.finding("duckdb-postgres-statement", .error, at: statement.first, message, suggestion: suggestion, edits: edits))
            }
        }
        return issues
    }

    static let serialTypes = ["SERIAL": "INTEGER", "SERIAL4": "INTEGER", "BIGSERIAL": "BIGINT", "SERIAL8": "BIGINT",
                              "SMALLSERIAL": "SMALLINT", "SERIAL2": "SMALLINT"]

    static let postgresTypes = [
        "MONEY": "Use DECIMAL(18, 2).",
        "CITEXT": "Use VARCHAR and compare with lower() or ILIKE.",
        "TSVECTOR": "Use VARCHAR; DuckDB searches text with its fts extension, which is not built in here.",
        "TSQUERY": "Use VARCHAR.",
        "XML": "Use VARCHAR.",
        "CIDR": "Use VARCHAR.",
        "INET": "Use VARCHAR (the inet extension is not built in here).",
        "MACADDR": "Use VARCHAR.", "MACADDR8": "Use VARCHAR.",
        "POINT": "Use STRUCT(x DOUBLE, y DOUBLE).", "LSEG": "Use a STRUCT of points.", "BOX": "Use a STRUCT of points.",
        "POLYGON": "Use a LIST of STRUCT(x DOUBLE, y DOUBLE).", "CIRCLE": "Use STRUCT(x DOUBLE, y DOUBLE, r DOUBLE).",
        "INT4RANGE": "Use two INTEGER columns.", "INT8RANGE": "Use two BIGINT columns.", "NUMRANGE": "Use two DECIMAL columns.",
        "TSRANGE": "Use two TIMESTAMP columns.", "TSTZRANGE": "Use two TIMESTAMPTZ columns.", "DATERANGE": "Use two DATE columns.",
        "OID": "Use BIGINT.", "REGCLASS": "Use VARCHAR.",
    ]

    /// Whether the word at `index` stands where a type goes: right after a column name in a
    /// definition, after `::`, or after `AS` inside CAST.
    static func isTypePosition(_ statement: [SQLWord], _ index: Int) -> Bool {
        guard index > 0 else { return false }
        if statement[index - 1].text == ":", index > 1, statement[index - 2].text == ":" { return true }
        if statement[index - 1].is("AS"), statement[..<index].contains(where: { $0.is("CAST", "TRY_CAST") }) { return true }
        if statement[index - 1].is("TYPE") { return true }
        return SQLShapes.columnDefinitions(statement).contains { $0.type.first?.range == statement[index].range }
    }

    /// The offset just after `DROP TABLE [IF EXISTS] name;` in a down section, if there is
    /// one, and whether a `;` ends it there.
    static func dropTableEnd(_ table: String, in sql: String) -> (offset: Int, terminated: Bool)? {
        let words = SQLWords.words(in: sql)
        for (index, word) in words.enumerated() where word.is("DROP") {
            guard index + 2 < words.count, words[index + 1].is("TABLE") else { continue }
            var i = index + 2
            if i + 1 < words.count, words[i].is("IF"), words[i + 1].is("EXISTS") { i += 2 }
            guard let name = SQLShapes.qualifiedName(words, from: i), name.name.lowercased() == table.lowercased() else { continue }
            if let end = words[(i + 1)...].first(where: { $0.kind == .semicolon }) { return (end.range.upperBound, true) }
            return (words.last?.range.upperBound ?? name.range.upperBound, false)
        }
        return nil
    }
}
