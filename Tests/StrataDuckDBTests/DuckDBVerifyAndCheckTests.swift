import Foundation
import Logging
import Strata
import Testing
@testable import StrataDuckDB

@Suite("verify and check on DuckDB")
struct DuckDBVerifyAndCheckTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let configuration = MigratorConfiguration(actor: "ci@test")

    func set(_ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet(files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: Array($0.1.utf8)) })
    }

    let prices = ("001_prices.sql", "-- migrate:up\nCREATE TABLE prices (symbol VARCHAR, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n")

    func verify(_ files: [(String, String)]) async throws -> VerifyReport {
        let migrations = try set(files)
        return try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await RollbackVerification.run(migrations: migrations, driver: driver, configuration: configuration, logger: logger)
        }
    }

    @Test("verify passes migrations whose down sections undo them, and lists those without one as irreversible, going on past them")
    func passes() async throws {
        let report = try await verify([
            prices,
            ("002_seed.sql", "-- migrate:up\nINSERT INTO prices VALUES ('ACME', 1.5);\n"),
            ("003_index.sql", "-- migrate:up\nCREATE INDEX prices_symbol ON prices (symbol);\n-- migrate:down\nDROP INDEX prices_symbol;\n"),
        ])
        #expect(report.passed)
        #expect(report.migrations.map(\.outcome) == [.reversible, .irreversible, .reversible])
        #expect(report.irreversible.map(\.fileName) == ["002_seed.sql"])
    }

    @Test("a down section that forgets to drop an index fails verify, naming the migration and the index")
    func forgottenIndex() async throws {
        let report = try await verify([
            prices,
            ("002_audit.sql", "-- migrate:up\nCREATE TABLE audit (x INTEGER);\nCREATE INDEX prices_symbol ON prices (symbol);\n-- migrate:down\nDROP TABLE audit;\n"),
            ("003_never.sql", "-- migrate:up\nCREATE TABLE never (x INTEGER);\n-- migrate:down\nDROP TABLE never;\n"),
        ])
        let failure = try #require(report.failure)
        #expect(failure.kind == .downDoesNotRestore && failure.phase == .down)
        #expect(failure.fileName == "002_audit.sql" && failure.version == MigrationVersion(2))
        #expect(failure.message == "002_audit.sql: the down section does not restore the schema as it was before the up section: index prices_symbol left behind.")
        #expect(failure.differences.map(\.name) == ["prices_symbol"])
        #expect(failure.differences.first?.lines == ["+ CREATE INDEX prices_symbol ON prices (symbol)"])
        #expect(report.migrations.map(\.outcome) == [.reversible, .failed], "stops at the first failure")
    }

    @Test("a down section that drops the wrong column shows the column on both sides")
    func wrongColumn() async throws {
        let report = try await verify([
            prices,
            ("002_volume.sql", "-- migrate:up\nALTER TABLE prices ADD COLUMN volume BIGINT;\n-- migrate:down\nALTER TABLE prices DROP COLUMN close;\n"),
        ])
        let failure = try #require(report.failure)
        #expect(failure.kind == .downDoesNotRestore)
        #expect(failure.message.hasSuffix("table prices changed (\"close\", volume)."), "close is a keyword, so quoted")
        #expect(failure.differences.first?.lines == ["-     \"close\" DOUBLE", "+     volume BIGINT"])
    }

    @Test("an up section that cannot run again after its down section fails verify at up-again")
    func upAgainFails() async throws {
        let report = try await verify([
            ("001_registry.sql", "-- migrate:up\nCREATE TABLE registry (name VARCHAR PRIMARY KEY);\n-- migrate:down\nDROP TABLE registry;\n"),
            ("002_t.sql", "-- migrate:up\nCREATE TABLE t (x INTEGER);\nINSERT INTO registry VALUES ('t');\n-- migrate:down\nDROP TABLE t;\n"),
        ])
        let failure = try #require(report.failure)
        #expect(failure.kind == .statementFailed && failure.phase == .upAgain)
        #expect(failure.fileName == "002_t.sql")
        #expect(failure.message == "002_t.sql: the up section failed when applied again after its down section.")
        #expect(failure.error?.statement?.index == 2)
    }

    @Test("a failing down statement is reported with the database's message")
    func failingDown() async throws {
        let report = try await verify([
            ("001_t.sql", "-- migrate:up\nCREATE TABLE t (x INTEGER);\n-- migrate:down\nDROP TABLE not_there;\n"),
        ])
        let failure = try #require(report.failure)
        #expect(failure.kind == .statementFailed && failure.phase == .down)
        #expect(failure.error?.underlying?.contains("not_there") == true)
    }

    @Test("check on a clean database passes every comparison")
    func cleanCheck() async throws {
        let migrations = try set([prices, ("002_index.sql", "-- migrate:up\nCREATE INDEX prices_symbol ON prices (symbol);\n-- migrate:down\nDROP INDEX prices_symbol;\n")])
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await Migrator(driver: driver, migrations: migrations, configuration: configuration, logger: logger).migrate()
            let file = try await driver.schema(excluding: .default).text
            let report = try await SchemaCheck.run(
                migrations: migrations, driver: driver,
                options: SchemaCheck.Options(schemaFile: SchemaFileContents(path: "schema.sql", text: file), inspectsDatabase: true),
                configuration: configuration, logger: logger)
            #expect(report.passed, "\(report.findings)")
            #expect(report.steps.map(\.outcome) == [.passed, .passed, .passed])
        }
    }

    @Test("check reports a migration that does not apply to an empty database")
    func replayFails() async throws {
        let migrations = try set([("001_bad.sql", "-- migrate:up\nCREATE TABLE t (x INTEGER);\nINSERT INTO missing VALUES (1);\n")])
        let report = try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await SchemaCheck.run(
                migrations: migrations, driver: driver,
                options: SchemaCheck.Options(schemaFile: SchemaFileContents(path: "schema.sql", text: SchemaSnapshot(engine: .duckdb, objects: []).text),
                                             inspectsDatabase: false),
                configuration: configuration, logger: logger)
        }
        #expect(report.findings.map(\.kind) == [.replayFailed])
        #expect(report.findings[0].message.contains("001_bad.sql:3") && report.findings[0].message.contains("scratch DuckDB database"))
    }
}
