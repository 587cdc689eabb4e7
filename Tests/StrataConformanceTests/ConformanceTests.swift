import Foundation
import Logging
import Strata
import StrataTestSupport
import Testing

/// The same scenarios against every engine: what Strata promises everywhere, and what it
/// honestly promises differently where an engine has no transactions.
@Suite("Conformance")
struct ConformanceTests {
    let logger = Logger(label: "conformance") { _ in SwiftLogNoOpLogHandler() }

    func migrator(_ driver: any MigrationDriver, _ set: MigrationSet, table: HistoryTable = .default) -> Migrator {
        Migrator(driver: driver, migrations: set, configuration: MigratorConfiguration(historyTable: table, actor: "ci@conformance"), logger: logger)
    }

    func three(_ engine: TestEngine) throws -> MigrationSet {
        try TestEngine.migrations([
            ("001_items.sql", "-- description: Items\n-- migrate:up\n\(engine.createTable("items"));\n-- migrate:down\nDROP TABLE items;\n"),
            ("002_seed.sql", "-- migrate:up\nINSERT INTO items VALUES (1, 'one');\nINSERT INTO items VALUES (2, 'two; -- not a comment');\n-- migrate:down\n\(engine.engine == .duckdb ? "DELETE FROM items" : "TRUNCATE TABLE items");\n"),
            ("003_more.sql", "-- migrate:up\n\(engine.createTable("more"));\n-- migrate:down\nDROP TABLE more;\n"),
        ])
    }

    @Test("reading history creates nothing; the first run creates the table and the view", arguments: TestEngine.all)
    func bootstrap(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            #expect(try await driver.readHistory(.default).isEmpty)
            #expect(try await !engine.tableExists(driver, "schema_migrations"))
            try await driver.prepareHistory(.default)
            try await driver.prepareHistory(.default)
            #expect(try await engine.tableExists(driver, "schema_migrations"))
            #expect(try await engine.viewVersion(driver) == nil)
        }
    }

    @Test("applies pending migrations in order and records each with checksum, duration, who and rollback SQL", arguments: TestEngine.all)
    func applies(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let set = try three(engine)
            let report = try await migrator(driver, set).migrate()
            #expect(report.steps.map(\.version.value) == [1, 2, 3])
            #expect(report.currentVersion == MigrationVersion(3))
            #expect(try await engine.viewVersion(driver) == 3)
            #expect(try await engine.rowCount(driver, "items") == 2)
            let status = try await migrator(driver, set).status()
            #expect(status.migrations.map(\.state) == [.applied, .applied, .applied])
            let applied = try await migrator(driver, set).history().filter { $0.kind == .applied }
            #expect(applied.map(\.version.value) == [1, 2, 3])
            #expect(applied.map(\.checksum) == set.files.map(\.checksum))
            #expect(applied.allSatisfy { $0.appliedBy == "ci@conformance" && $0.executionMilliseconds != nil && !$0.engineVersion.isEmpty })
            #expect(applied[0].rollbackSQL == "DROP TABLE items;")
            #expect(applied[0].description == "Items")
            #expect(try await migrator(driver, set).migrate().steps.isEmpty, "a second run has nothing to do")
        }
    }

    @Test("rolls back and applies again", arguments: TestEngine.all)
    func downAndUp(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let set = try three(engine)
            let m = migrator(driver, set)
            try await m.migrate()
            let down = try await m.run(try await m.planDown(.steps(2)))
            #expect(down.currentVersion == MigrationVersion(1))
            #expect(try await !engine.tableExists(driver, "more"))
            #expect(try await engine.rowCount(driver, "items") == 0)
            #expect(try await engine.viewVersion(driver) == 1)
            try await m.migrate()
            #expect(try await engine.rowCount(driver, "items") == 2)
            #expect(try await m.currentVersion() == MigrationVersion(3))
        }
    }

    @Test("a failing statement stops the run; history says exactly what happened", arguments: TestEngine.all)
    func failure(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let set = try TestEngine.migrations([
                ("001_items.sql", "-- migrate:up\n\(engine.createTable("items"));\n"),
                ("002_broken.sql", "-- migrate:up\n\(engine.createTable("first"));\nINSERT INTO items VALUES (7, 'x');\nINSERT INTO no_such_table VALUES (1);\n\(engine.createTable("never"));\n"),
                ("003_after.sql", "-- migrate:up\n\(engine.createTable("after"));\n"),
            ])
            let m = migrator(driver, set)
            await #expect {
                try await m.migrate()
            } throws: { error in
                guard let error = error as? StrataError else { return false }
                return error.code == .statementFailed && error.statement?.index == 3
                    && error.location == SourceLocation(file: "002_broken.sql", line: 4)
                    && error.underlying?.contains("no_such_table") == true
            }
            #expect(try await !engine.tableExists(driver, "never"))
            #expect(try await !engine.tableExists(driver, "after"), "later migrations never run after a failure")
            let status = try await m.status()
            if engine.engine == .duckdb {
                // One transaction: statements 1 and 2 rolled back with the failed one, nothing recorded.
                #expect(try await !engine.tableExists(driver, "first"))
                #expect(try await engine.rowCount(driver, "items") == 0)
                #expect(status.migrations.map(\.state) == [.applied, .pending, .pending])
            } else {
                // No transactions: statements 1 and 2 stay applied, and history says so.
                #expect(try await engine.tableExists(driver, "first"))
                #expect(try await engine.rowCount(driver, "items") == 1)
                #expect(status.migrations.map(\.state) == [.applied, .failed, .pending])
                let failure = try #require(status.migrations[1].record?.failure)
                #expect(failure.statement == 3)
                #expect(failure.error?.contains("no_such_table") == true)
                await #expect { try await m.migrate() } throws: { ($0 as? StrataError)?.code == .migrationFailedEarlier }
            }
        }
    }

    @Test("ensure says behind, at, and ahead", arguments: TestEngine.all)
    func ensure(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let m = migrator(driver, try three(engine))
            await #expect { try await m.ensure(MigrationVersion(2)) } throws: { ($0 as? EnsureError)?.reason == .behind }
            try await m.migrate(.init(target: MigrationVersion(2)))
            try await m.ensure(MigrationVersion(2))
            await #expect { try await m.ensure(MigrationVersion(1)) } throws: { ($0 as? EnsureError)?.reason == .ahead }
            await #expect { try await m.ensure(MigrationVersion(3)) } throws: { ($0 as? EnsureError)?.reason == .behind }
        }
    }

    @Test("an edited applied migration is reported and blocks up", arguments: TestEngine.all)
    func modified(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            try await migrator(driver, try three(engine)).migrate()
            let edited = try TestEngine.migrations([
                ("001_items.sql", "-- migrate:up\n\(engine.createTable("items")); -- edited\n"),
                ("002_seed.sql", "-- migrate:up\nSELECT 1;\n"),
            ])
            let status = try await migrator(driver, edited).status()
            #expect(status.migrations.map(\.state) == [.modified, .modified, .missing])
            await #expect { try await migrator(driver, edited).migrate() } throws: { ($0 as? StrataError)?.code == .modifiedMigration }
        }
    }

    @Test("rolls back a migration whose file is gone with the down section recorded in history", arguments: TestEngine.all)
    func rollbackFromHistory(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let set = try three(engine)
            try await migrator(driver, set).migrate()
            let older = try MigrationSet(Array(set.files.prefix(2)))
            let m = migrator(driver, older)
            let plan = try await m.planDown(.steps(1))
            #expect(plan.steps.first?.source == nil)
            try await m.run(plan)
            #expect(try await !engine.tableExists(driver, "more"))
            #expect(try await m.currentVersion() == MigrationVersion(2))
        }
    }

    @Test("history keeps names, descriptions and SQL byte for byte", arguments: TestEngine.all)
    func historyBytes(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let tricky = "it's \"quoted\" \\ back\\slash\ttab\nnew line; -- not a comment /* */ $$ Zürich 東京 🦆"
            let set = try TestEngine.migrations([
                ("001_tricky.sql", "-- description: \(tricky.replacingOccurrences(of: "\n", with: " "))\n-- migrate:up\n\(engine.createTable("t"));\n-- migrate:down\n-- \(tricky.replacingOccurrences(of: "\n", with: " "))\nDROP TABLE t;\n"),
            ])
            try await migrator(driver, set).migrate()
            let event = try #require(try await driver.readHistory(.default).last)
            #expect(event.description == tricky.replacingOccurrences(of: "\n", with: " "))
            #expect(event.rollbackSQL == set.files[0].down?.sql)
        }
    }

    @Test("keeps history in another table when asked", arguments: TestEngine.all)
    func customTable(_ engine: TestEngine) async throws {
        try await engine.withDriver { driver in
            let table = try HistoryTable(name: "deploy_history")
            try await migrator(driver, try three(engine), table: table).migrate()
            #expect(try await engine.tableExists(driver, "deploy_history"))
            #expect(try await !engine.tableExists(driver, "schema_migrations"))
            #expect(try await driver.readHistory(table).filter { $0.kind == .applied }.count == 3)
        }
    }
}
