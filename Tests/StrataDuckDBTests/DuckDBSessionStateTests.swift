import Foundation
import Logging
import Strata
import StrataDuckDB
import StrataTestSupport
import Testing

/// Every DuckDB migration starts from the same session: what one migration `USE`s or `SET`s
/// does not reach the next, whether they run in one `up` or in several.
@Suite("DuckDB session state between migrations")
struct DuckDBSessionStateTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static let files = [
        ("001_schemas.sql", "-- migrate:up\nCREATE SCHEMA s2;\nUSE s2;\nCREATE TABLE in_s2 (i INTEGER);\nSET threads = 1;\nSET VARIABLE answer = 42;\n-- migrate:down\nDROP TABLE s2.in_s2;\nDROP SCHEMA s2;\n"),
        ("002_tables.sql", "-- migrate:up\nCREATE TABLE t2 (i INTEGER);\n-- migrate:down\nDROP TABLE t2;\n"),
    ]

    func schemaOf(_ table: String, _ driver: DuckDBDriver) async throws -> String? {
        try await driver.connection.withSession { session throws -> String? in
            try session.query("SELECT schema_name FROM duckdb_tables() WHERE table_name = '\(table)'").scalar?.string
        }
    }

    @Test("USE in one migration does not move the next one's tables, in one run or two")
    func useDoesNotLeak() async throws {
        let migrations = try TestEngine.migrations(Self.files)
        for runs in [[nil], [MigrationVersion(1), nil]] {
            try await DuckDBDriver.withDriver(path: ":memory:") { driver in
                let threads = try await driver.connection.withSession { session throws -> DuckDBValue? in
                    try session.query("SELECT current_setting('threads')").scalar
                }
                let migrator = Migrator(driver: driver, migrations: migrations, logger: logger)
                for target in runs { try await migrator.migrate(Planner.UpOptions(target: target)) }
                #expect(try await schemaOf("t2", driver) == "main", "runs \(runs)")
                #expect(try await schemaOf("in_s2", driver) == "s2")
                let after = try await driver.connection.withSession { session throws -> (String?, DuckDBValue?, Int64?) in
                    (try session.query("SELECT current_schema()").scalar?.string,
                     try session.query("SELECT current_setting('threads')").scalar,
                     try session.query("SELECT count(*) FROM duckdb_variables()").scalar?.int64)
                }
                #expect(after.0 == "main")
                #expect(after.1 == threads, "SET threads was set back")
                #expect(after.2 == 0, "SET VARIABLE was reset")
                // And rolling back works from the restored session.
                try await migrator.rollBack(.all)
                #expect(try await schemaOf("in_s2", driver) == nil)
            }
        }
    }

    @Test("a failed migration's USE does not reach the next run either")
    func failedMigrationRestores() async throws {
        let migrations = try TestEngine.migrations([
            ("001_bad.sql", "-- migrate:up\nCREATE SCHEMA s3;\nUSE s3;\nSELECT * FROM no_such_table;\n"),
        ])
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let migrator = Migrator(driver: driver, migrations: migrations, logger: logger)
            await #expect(throws: StrataError.self) { try await migrator.migrate() }
            let schema = try await driver.connection.withSession { session throws -> String? in
                try session.query("SELECT current_schema()").scalar?.string
            }
            #expect(schema == "main")
        }
    }
}
