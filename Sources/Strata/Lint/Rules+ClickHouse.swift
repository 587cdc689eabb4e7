/// Checks for ClickHouse: what fails on a server or a cluster, and what an old server does not know.
extension LintRule {
    /// A table needs an engine (ClickHouse 18.16 has no default; later ones take a setting that may differ by server).
    static let clickhouseEngine = LintRule("clickhouse-no-engine", engines: [.clickhouse]) { input in
        input.statements.compactMap { statement -> LintIssue? in
            guard let table = SQLShapes.createdTable(statement), SQLShapes.engine(statement) == nil else { return nil }
            // `CREATE TABLE t AS other` copies the other table's engine.
            if let after = statement.firstIndex(where: { $0.range == table.range }), after + 1 < statement.count,
               statement[after + 1].is("AS") { return nil }
            let first = SQLShapes.columnDefinitions(statement).first?.name.name ?? "id"
            return input.finding("clickhouse-no-engine", .error, at: statement.first, "Table \(table.name) has no ENGINE.",
                                 suggestion: "Add ENGINE = MergeTree ORDER BY (\(first)) (or ReplicatedMergeTree on a cluster).")
        }
    }

    /// `ALTER ... ON CLUSTER` on a table that is not replicated fails on a replicated cluster (code 371).
    static let clickhouseOnClusterAlter = LintRule("clickhouse-on-cluster-alter", engines: [.clickhouse]) { input in
        input.statements.compactMap { statement -> LintIssue? in
            guard let table = SQLShapes.alteredTable(statement), statement.contains(where: { $0.is("CLUSTER") }),
                  let engine = input.catalog.table(table.name)?.engine, !engine.hasPrefix("Replicated"),
                  engine.hasSuffix("MergeTree") else { return nil }
            return input.finding("clickhouse-on-cluster-alter", .error, at: statement.first,
                                 "ALTER TABLE \(table.name) ON CLUSTER, but \(table.name) is \(engine), not replicated: a replicated cluster refuses it (code 371).",
                                 suggestion: "Create the table with Replicated\(engine), or leave out ON CLUSTER and alter each server's table.")
        }
    }

    /// Mutations (`ALTER TABLE ... UPDATE/DELETE`) run in the background.
    static let clickhouseMutation = LintRule("clickhouse-mutation-wait", engines: [.clickhouse]) { input in
        input.statements.compactMap { statement -> LintIssue? in
            guard SQLShapes.alteredTable(statement) != nil,
                  let verb = statement.first(where: { $0.is("UPDATE", "DELETE") }),
                  !statement.contains(where: { $0.is("MUTATIONS_SYNC") }) else { return nil }
            let old = input.context.serverMajorMinor.map { $0 < (20, 0) } ?? false
            return input.finding("clickhouse-mutation-wait", .warning, at: verb,
                                 "ALTER TABLE ... \(verb.upper) is a mutation: it runs in the background, so the migration ends before the data changes.",
                                 suggestion: old
                                     ? "This server has no mutations_sync: check system.mutations (is_done) before relying on the change."
                                     : "Add SETTINGS mutations_sync = 2 to wait for every replica.")
        }
    }

    /// Syntax and types that appeared after ClickHouse 18.16, checked when the server is older.
    static let clickhouseOldServer = LintRule("clickhouse-old-server", engines: [.clickhouse]) { input in
        guard let server = input.context.serverMajorMinor else { return [] }
        var issues: [LintIssue] = []
        for statement in input.statements {
            for (index, word) in statement.enumerated() {
                let next = index + 1 < statement.count ? statement[index + 1] : nil
                let previous = index > 0 ? statement[index - 1] : nil
                var feature: (String, (Int, Int), String)?
                switch word.upper {
                case "DATETIME64" where word.kind == .word: feature = ("DateTime64", (20, 1), "Use DateTime (seconds) with a separate UInt32 for the fraction.")
                case "MAP" where next?.text == "(": feature = ("Map", (21, 1), "Use two Array columns (Nested).")
                case "BOOL" where word.kind == .word, "BOOLEAN" where word.kind == .word: feature = ("Bool", (21, 12), "Use UInt8.")
                case "LOWCARDINALITY": feature = ("LowCardinality", (19, 0), "Use String (18.16 needs allow_experimental_low_cardinality_type=1).")
                case "CODEC" where next?.text == "(": feature = ("column CODEC", (19, 1), "Leave the codec out.")
                case "TTL" where word.kind == .word: feature = ("TTL", (19, 6), "Drop old partitions on a schedule instead.")
                case "COMMENT" where word.kind == .word && (previous?.is("MODIFY") != true): feature = ("COMMENT", (19, 0), "Keep the comment in the migration file.")
                case "RENAME" where next?.is("COLUMN") == true: feature = ("RENAME COLUMN", (20, 4), "Add the new column, copy, then drop the old one.")
                case "IF" where previous?.is("COLUMN") == true || (previous?.is("ADD", "DROP") == true && statement.first?.is("ALTER") == true):
                    feature = ("IF [NOT] EXISTS on columns", (19, 1), "Leave it out.")
                case "DELETE" where previous == nil && next?.is("FROM") == true: feature = ("lightweight DELETE", (22, 8), "Use ALTER TABLE ... DELETE WHERE ... (a mutation).")
                case "ATOMIC" where previous?.text == "=" || previous?.is("ENGINE") == true: feature = ("the Atomic database engine", (20, 5), "Use the Ordinary engine (the default).")
                case "KEEPERMAP": feature = ("KeeperMap", (22, 11), "Use a ReplicatedMergeTree table.")
                case "JSON" where isTypePosition(statement, index): feature = ("the JSON type", (22, 3), "Use String and the JSONExtract functions.")
                default: break
                }
                guard let (name, since, suggestion) = feature, server < since else { continue }
                issues.append(input.finding("clickhouse-old-server", .error, at: word,
                                            "ClickHouse \(server.0).\(server.1) does not know \(name) (added in \(since.0).\(since.1)).",
                                            suggestion: suggestion))
            }
        }
        return issues
    }
}

private func < (lhs: (Int, Int), rhs: (Int, Int)) -> Bool { lhs.0 != rhs.0 ? lhs.0 < rhs.0 : lhs.1 < rhs.1 }
