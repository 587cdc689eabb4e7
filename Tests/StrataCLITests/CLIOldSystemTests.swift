import Foundation
import StrataDuckDB
import Testing

/// The system Strata replaces had migrations written for PostgreSQL that failed half-way
/// against the live database. A folder shaped like it: versions 1 and 2 good, 3 to 6 using
/// SERIAL, JSONB and tables that do not exist.
@Suite("strata command: migrations written for another database")
struct CLIOldSystemTests {
    func oldSystem() throws -> CLI {
        let cli = try CLI()
        try cli.write("001_prices.sql", "-- migrate:up\nCREATE TABLE prices (symbol VARCHAR NOT NULL, day DATE NOT NULL, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n")
        try cli.write("002_symbols.sql", "-- migrate:up\nCREATE TABLE symbols (symbol VARCHAR PRIMARY KEY, name VARCHAR);\n-- migrate:down\nDROP TABLE symbols;\n")
        try cli.write("003_alerts.sql", "-- migrate:up\nCREATE TABLE alerts (\n    id SERIAL PRIMARY KEY,\n    symbol VARCHAR NOT NULL,\n    rule JSONB\n);\n-- migrate:down\nDROP TABLE alerts;\n")
        try cli.write("004_users.sql", "-- migrate:up\nCREATE TABLE users (id BIGSERIAL PRIMARY KEY, email VARCHAR NOT NULL);\n-- migrate:down\nDROP TABLE users;\n")
        try cli.write("005_user_settings.sql", "-- migrate:up\nALTER TABLE user_settings ADD COLUMN preferences JSONB;\n-- migrate:down\nALTER TABLE user_settings DROP COLUMN preferences;\n")
        try cli.write("006_alert_history.sql", "-- migrate:up\nINSERT INTO alert_history SELECT * FROM alerts;\n-- migrate:down\nDELETE FROM alert_history;\n")
        return cli
    }

    func tables(_ cli: CLI) async throws -> [String] {
        try await DuckDBDatabase.withDatabase(path: cli.databasePath, options: DuckDBOpenOptions(readOnly: true)) { database in
            try await database.withConnection { connection in
                try await connection.withSession { session in
                    try session.query("SELECT table_name FROM duckdb_tables() ORDER BY 1").rows.compactMap { $0.first?.string }
                }
            }
        }
    }

    @Test("lint stops SERIAL and JSONB with one precise message each; --fix rewrites only files never applied, and they keep their meaning")
    func lintAndFix() async throws {
        let cli = try oldSystem()
        defer { cli.cleanUp() }
        #expect(try cli.run(["up", "--to", "2"]).status == 0)
        let before = try await tables(cli)

        let lint = try cli.run(["lint"])
        #expect(lint.status == 2, "\(lint)")
        let errors = lint.stdout.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
        #expect(errors.count == 4, "\(lint.stdout)")
        #expect(errors.contains { $0.hasPrefix("003_alerts.sql:3: error: DuckDB does not know type SERIAL (column id).") })
        #expect(errors.contains { $0.hasPrefix("003_alerts.sql:5: error: DuckDB does not know type JSONB.") && $0.contains("Use JSON (keeps the JSON functions)") })
        #expect(errors.contains { $0.hasPrefix("004_users.sql:2: error: DuckDB does not know type BIGSERIAL (column id).") })
        #expect(errors.contains { $0.hasPrefix("005_user_settings.sql:2: error: DuckDB does not know type JSONB.") })
        #expect(try await tables(cli) == before, "lint changes nothing")

        try cli.write("001_prices.sql", "-- migrate:up\nCREATE TABLE prices (id SERIAL, symbol VARCHAR NOT NULL, day DATE NOT NULL, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n")
        let fix = try cli.run(["lint", "--fix"])
        #expect(fix.stdout.contains("Fixed 003_alerts.sql") && fix.stdout.contains("Fixed 004_users.sql") && fix.stdout.contains("Fixed 005_user_settings.sql"), "\(fix)")
        #expect(fix.stdout.contains("+ CREATE SEQUENCE IF NOT EXISTS alerts_id_seq;"))
        #expect(!fix.stdout.contains("Fixed 001_prices.sql"), "an applied file is never touched")
        #expect(try String(contentsOf: cli.migrations.appendingPathComponent("001_prices.sql"), encoding: .utf8).contains("SERIAL"))
        try cli.write("001_prices.sql", "-- migrate:up\nCREATE TABLE prices (symbol VARCHAR NOT NULL, day DATE NOT NULL, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n")

        // 005 and 006 refer to tables that do not exist: out of this change.
        try cli.remove("005_user_settings.sql")
        try cli.remove("006_alert_history.sql")
        let clean = try cli.run(["lint"])
        #expect(clean.status == 0, "\(clean)")
        let up = try cli.run(["up"])
        #expect(up.status == 0, "\(up)")
        let values = try await DuckDBDatabase.withDatabase(path: cli.databasePath) { database in
            try await database.withConnection { connection in
                try await connection.withSession { session in
                    try session.execute("INSERT INTO alerts (symbol, rule) VALUES ('ACME', '{\"above\": 10}'), ('INIT', '{\"below\": 2}')")
                    try session.execute("INSERT INTO users (email) VALUES ('a@example.com')")
                    let ids = try session.query("SELECT id FROM alerts ORDER BY id").rows.compactMap { $0.first?.int64 }
                    let above = try session.query("SELECT rule->>'above' FROM alerts WHERE symbol = 'ACME'").scalar?.string
                    let user = try session.query("SELECT id FROM users").scalar?.int64
                    return (ids, above, user)
                }
            }
        }
        #expect(values.0 == [1, 2], "auto-increment still works")
        #expect(values.1 == "10", "JSON functions still work")
        #expect(values.2 == 1)
        #expect(try cli.run(["down", "--to", "2"]).status == 0, "the fixed down sections drop the sequences too")
        #expect(try cli.run(["up"]).status == 0)
    }
}

extension CLIOldSystemTests {
    @Test("rehearsal stops each migration with the engine's own message, file and statement, and the live database stays at version 2")
    func rehearsal() async throws {
        let cli = try oldSystem()
        defer { cli.cleanUp() }
        #expect(try cli.run(["up", "--to", "2"]).status == 0)
        let before = try await tables(cli)
        let history = try cli.run(["history", "--json"]).stdout

        let serial = try cli.run(["up"])
        #expect(serial.status == 1, "\(serial)")
        #expect(serial.stdout.contains("Rehearsing 4 migrations on a copy of the schema"))
        #expect(serial.stderr.contains("Rehearsal failed: statement 1 of 1 failed while applying 003_alerts.sql"), "\(serial)")
        #expect(serial.stderr.contains("003_alerts.sql:2"))
        #expect(serial.stderr.contains("SERIAL"), "DuckDB's own message names the type: \(serial.stderr)")
        #expect(try await tables(cli) == before)
        #expect(try cli.run(["history", "--json"]).stdout == history)

        #expect(try cli.run(["lint", "--fix"]).stdout.contains("Fixed 003_alerts.sql"))
        let missingTable = try cli.run(["up"])
        #expect(missingTable.status == 1, "\(missingTable)")
        #expect(missingTable.stderr.contains("005_user_settings.sql:2"), "\(missingTable)")
        #expect(missingTable.stderr.contains("user_settings") && missingTable.stderr.contains("Catalog Error"), "\(missingTable)")
        #expect(missingTable.stderr.contains("statement 1: ALTER TABLE user_settings ADD COLUMN preferences JSON"))
        #expect(try await tables(cli) == before, "the rehearsal of 005 failed after 003 and 004 passed, and nothing was applied")

        try cli.remove("005_user_settings.sql")
        let alertHistory = try cli.run(["up"])
        #expect(alertHistory.status == 1 && alertHistory.stderr.contains("006_alert_history.sql:2") && alertHistory.stderr.contains("alert_history"), "\(alertHistory)")
        #expect(try await tables(cli) == before)

        let forced = try cli.run(["up", "--no-rehearse"])
        #expect(forced.status == 1, "without rehearsal the real run fails at 006 after applying 003 and 004: \(forced)")
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] as? Int == 4)
    }
}
