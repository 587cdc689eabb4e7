import Foundation
import Logging
@testable import Strata
import StrataTestSupport
import Testing
@testable import StrataDuckDB

@Suite("DuckDB driver")
struct DuckDBDriverTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func parse(_ name: String, _ text: String) throws -> Migration {
        try MigrationFileParser.parse(fileName: name, bytes: Array(text.utf8))
    }

    func rows(_ driver: DuckDBDriver, _ sql: String) async throws -> [[DuckDBValue]] {
        try await driver.connection.withSession { try $0.query(sql).rows }
    }

    @Test("creates the history table and the current_schema_version view on first use")
    func bootstrap() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            #expect(try await driver.readHistory(.default).isEmpty)
            #expect(try await rows(driver, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'") == [[.int(0)]],
                    "reading must not create the table")
            try await driver.prepareHistory(.default)
            try await driver.prepareHistory(.default)
            #expect(try await rows(driver, "SELECT version FROM current_schema_version") == [[.null]])
        }
    }

    @Test("applies migrations, recording each in the same transaction, and the view follows")
    func applies() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try MigrationSet([
                parse("001_prices.sql", "-- migrate:up\nCREATE TABLE prices (symbol VARCHAR, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n"),
                parse("002_seed.sql", "-- description: Seed\n-- migrate:up\nINSERT INTO prices VALUES ('ACME', 1.5);\nCREATE VIEW acme AS SELECT * FROM prices WHERE symbol = 'ACME';\n"),
            ])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            let report = try await migrator.migrate()
            #expect(report.currentVersion == MigrationVersion(2))
            #expect(try await rows(driver, "SELECT version FROM current_schema_version") == [[.int(2)]])
            #expect(try await rows(driver, "SELECT count(*) FROM acme") == [[.int(1)]])
            let events = try await migrator.history()
            #expect(events.map(\.kind) == [.applied, .applied])
            #expect(events[0].rollbackSQL == "DROP TABLE prices;")
            #expect(events[1].description == "Seed")
            #expect(events.allSatisfy { $0.engineVersion.hasPrefix("v") && $0.executionMilliseconds != nil })
        }
    }

    @Test("a failing statement rolls back the whole migration and its history row, quoting DuckDB")
    func failureRollsBack() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try MigrationSet([
                parse("001_ok.sql", "-- migrate:up\nCREATE TABLE ok (x INTEGER);\n"),
                parse("002_broken.sql", "-- migrate:up\nCREATE TABLE half (x INTEGER);\nINSERT INTO half VALUES (1);\n\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE never (x INTEGER);\n"),
            ])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            await #expect {
                try await migrator.migrate()
            } throws: { error in
                guard let error = error as? StrataError else { return false }
                return error.code == .statementFailed && error.statement?.index == 3
                    && error.statement?.text == "INSERT INTO missing_table VALUES (1)"
                    && error.location == SourceLocation(file: "002_broken.sql", line: 5)
                    && error.underlying?.contains("missing_table") == true
                    && error.message.contains("nothing was recorded")
            }
            #expect(try await rows(driver, "SELECT table_name FROM duckdb_tables() WHERE table_name NOT IN ('schema_migrations', 'schema_migrations_state') ORDER BY 1") == [[.text("ok")]])
            #expect(try await migrator.history().map(\.version.value) == [1])
        }
    }

    @Test("refuses BEGIN and COMMIT inside a transactional migration")
    func transactionStatements() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try MigrationSet([parse("001_tx.sql", "-- migrate:up\nBEGIN;\nCREATE TABLE t (x INTEGER);\nCOMMIT;\n")])
            await #expect {
                try await Migrator(driver: driver, migrations: set, logger: logger).migrate()
            } throws: { ($0 as? StrataError)?.underlying?.contains("transaction:false") == true }
        }
    }

    @Test("reports a section DuckDB cannot parse before running anything")
    func parseError() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try MigrationSet([parse("001_typo.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\nCRATE TABLE b (x INTEGER);\n")])
            await #expect {
                try await Migrator(driver: driver, migrations: set, logger: logger).migrate()
            } throws: { error in
                let error = error as? StrataError
                return error?.underlying?.contains("syntax error") == true && error?.location?.file == "001_typo.sql"
            }
            #expect(try await rows(driver, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'a'") == [[.int(0)]])
        }
    }

    @Test("refuses a transaction:false section DuckDB cannot parse before recording that it started")
    func parseErrorWithoutTransaction() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try MigrationSet([parse("001_typo.sql", "-- migrate:up transaction:false\nCREATE TABLE a (x INTEGER);\nCRATE TABLE b (x INTEGER);\n")])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            await #expect {
                try await migrator.migrate()
            } throws: { error in
                let error = error as? StrataError
                return error?.underlying?.contains("syntax error") == true && error?.location?.file == "001_typo.sql"
            }
            #expect(try await migrator.history().isEmpty, "nothing recorded: nothing ran")
            #expect(try await rows(driver, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'a'") == [[.int(0)]])
        }
    }

    @Test("writes and reads back every history field byte for byte")
    func historyRoundTrip() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await driver.prepareHistory(.default)
            let tricky = "it's \"x\"\\n\n\ttab; -- not a comment /* */ Zürich 東京 🦆 \u{0007}"
            let event = HistoryEvent(
                sequence: 42, version: MigrationVersion(20261125180500), name: "tricky_name", description: tricky,
                kind: .failed, checksum: Checksum(of: "x"), rollbackSQL: tricky, startedAt: Date(timeIntervalSince1970: 1_764_000_000.123456),
                finishedAt: Date(timeIntervalSince1970: 1_764_000_001.5), executionMilliseconds: 12.25, appliedBy: "me@host",
                toolVersion: "0.1.0", engineVersion: "v2.0.1", error: tricky, failedStatement: 3, note: tricky, details: "{\"a\":1}")
            try await driver.append(event, to: .default)
            let read = try await driver.readHistory(.default)
            #expect(read == [event])
        }
    }

    @Test("will not write into a history table another tool created")
    func foreignTable() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await driver.connection.withSession { try $0.execute("CREATE TABLE schema_migrations (version VARCHAR PRIMARY KEY)") }
            await #expect {
                try await driver.prepareHistory(.default)
            } throws: { ($0 as? StrataError)?.code == .foreignHistoryTable }
        }
    }

    @Test("uses another history table when asked")
    func customTable() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let table = try HistoryTable(name: "strata_history")
            let set = try MigrationSet([parse("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n")])
            try await Migrator(driver: driver, migrations: set, configuration: MigratorConfiguration(historyTable: table), logger: logger).migrate()
            #expect(try await rows(driver, "SELECT version FROM strata_history_current_version") == [[.int(1)]])
        }
    }
}
