import Foundation
import Logging
@testable import Strata
import StrataTestSupport
import Testing
@testable import StrataDuckDB

@Suite("DuckDB history summary")
struct DuckDBHistorySummaryTests {

    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func migrations(_ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet(files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: Array($0.1.utf8)) })
    }

    /// Two migrations that create tables `a` and `b`.
    func twoTables() throws -> MigrationSet {
        try migrations([
            ("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n"),
            ("002_b.sql", "-- migrate:up\nCREATE TABLE b (x INTEGER);\n"),
        ])
    }

    func rows(_ driver: DuckDBDriver, _ sql: String) async throws -> [[DuckDBValue]] {
        try await driver.connection.withSession { try $0.query(sql).rows }
    }

    /// The stored row, as a summary; `nil` when the table is empty.
    func stored(_ driver: DuckDBDriver) async throws -> HistorySummary? {
        let found = try await rows(driver, "SELECT current_version, unsettled, applied_digest, newest_format FROM schema_migrations_state")
        guard let row = found.first else { return nil }
        #expect(found.count == 1)
        return HistorySummary(currentVersion: row[0].int64.map(MigrationVersion.init), unsettled: Int(row[1].int64 ?? -1),
                              appliedDigest: row[2].string, newestFormat: Int(row[3].int64 ?? -1))
    }

    func folded(_ driver: DuckDBDriver) async throws -> HistorySummary {
        HistorySummary(HistoryState(events: try await driver.readHistory(.default)))
    }

    @Test("every command that writes history stores the summary of the history it leaves: up, down, a failed migration, repair, baseline")
    func storedAfterEveryCommand() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try migrations([
                ("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n-- migrate:down\nDROP TABLE a;\n"),
                ("002_b.sql", "-- migrate:up\nCREATE TABLE b (x INTEGER);\n-- migrate:down\nDROP TABLE b;\n"),
                ("003_c.sql", "-- migrate:up transaction:false\nCREATE TABLE c (x INTEGER);\nINSERT INTO missing VALUES (1);\n-- migrate:down\nDROP TABLE c;\n"),
            ])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            try await migrator.migrate(Planner.UpOptions(target: MigrationVersion(2)))
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.currentVersion == MigrationVersion(2))

            try await migrator.rollBack(.steps(1))
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.currentVersion == MigrationVersion(1))

            await #expect(throws: StrataError.self) { try await migrator.migrate() }
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.unsettled == 1, "003 failed half-way")

            try await migrator.repair(.rolledBack(MigrationVersion(3)), note: "undone by hand")
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.unsettled == 0)
        }
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try migrations([("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n")])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            try await migrator.baseline(MigrationVersion(1), note: "adopted")
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.currentVersion == MigrationVersion(1))
        }
    }

    @Test("ensure takes a stored summary as the answer: one row read, no fold of the events")
    func ensureReadsTheStoredRow() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let migrator = Migrator(driver: driver, migrations: try twoTables(), logger: logger)
            try await migrator.migrate()
            try await migrator.ensure(MigrationVersion(2))
            // A stored row that disagrees with the events shows which one ensure read.
            let claim = HistorySummary(currentVersion: MigrationVersion(1), unsettled: 0,
                                       appliedDigest: HistorySummary.digest(of: Array(migrator.migrations.prefix(1))),
                                       newestFormat: HistoryEvent.currentFormatVersion)
            try await driver.recordSummary(claim, of: .default)
            try await migrator.ensure(MigrationVersion(1))
            // When the row does not prove the version, ensure reads the events to say
            // precisely what is wrong; these say the database is at 2.
            try await migrator.ensure(MigrationVersion(2))
        }
    }

    @Test("a command that stops after writing events leaves the summary unknown, and ensure folds the events")
    func interruptedCommandLeavesItUnknown() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let migrator = Migrator(driver: driver, migrations: try twoTables(), logger: logger)
            try await migrator.migrate(Planner.UpOptions(target: MigrationVersion(1)))
            #expect(try await stored(driver)?.currentVersion == MigrationVersion(1))
            // What a run killed after its first write leaves: the mark, then an event.
            try await driver.recordSummary(nil, of: .default)
            let started = HistoryEvent(sequence: Int64.max / 2, version: MigrationVersion(2), name: "b", kind: .started,
                                       appliedBy: "t", toolVersion: "t", engineVersion: "t")
            try await driver.append(started, to: .default)
            #expect(try await stored(driver) == nil)
            #expect(try await driver.historySummary(.default) == folded(driver))
            await #expect { try await migrator.ensure(MigrationVersion(1)) } throws: { ($0 as? EnsureError)?.reason == .failed }
        }
    }

    @Test("a history written before the summary table existed is folded; the next command creates the table and stores the summary")
    func olderHistory() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let migrator = Migrator(driver: driver, migrations: try twoTables(), logger: logger)
            try await migrator.migrate(Planner.UpOptions(target: MigrationVersion(1)))
            try await driver.connection.withSession { try $0.execute("DROP TABLE schema_migrations_state") }
            #expect(try await driver.historySummary(.default) == folded(driver))
            try await migrator.ensure(MigrationVersion(1))
            try await migrator.migrate()
            #expect(try await stored(driver) == folded(driver))
            #expect(try await stored(driver)?.currentVersion == MigrationVersion(2))
        }
    }

    @Test("while history holds only events of a build that does not keep the summary, none is stored")
    func notStoredBeforeTheFormat() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let set = try migrations([
                ("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n"),
                ("002_b.sql", "-- migrate:up\nINSERT INTO missing VALUES (1);\n"),
            ])
            try await driver.prepareHistory(.default)
            let old = HistoryEvent(sequence: 1, version: MigrationVersion(1), name: "a", kind: .applied,
                                   checksum: set.migrations(for: .duckdb)[0].checksum, appliedBy: "t", toolVersion: "old",
                                   engineVersion: "t", formatVersion: HistoryEvent.firstSummaryKeepingFormat - 1)
            try await driver.append(old, to: .default)
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            // 002 fails and rolls back: the command wrote no event of its own.
            await #expect(throws: StrataError.self) { try await migrator.migrate() }
            #expect(try await stored(driver) == nil)
            try await migrator.ensure(MigrationVersion(1))
        }
    }

    @Test("a table of another tool under the summary table's name is refused and left as it was")
    func foreignStateTable() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await driver.connection.withSession { session in
                try session.execute("CREATE TABLE schema_migrations_state (owner VARCHAR); INSERT INTO schema_migrations_state VALUES ('theirs')")
            }
            let set = try migrations([("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n")])
            let migrator = Migrator(driver: driver, migrations: set, logger: logger)
            await #expect { try await migrator.migrate() } throws: { error in
                guard let error = error as? StrataError else { return false }
                return error.code == .foreignHistoryTable && error.message.contains("schema_migrations_state")
            }
            #expect(try await rows(driver, "SELECT owner FROM schema_migrations_state") == [[.text("theirs")]])
            #expect(try await driver.readHistory(.default).isEmpty, "nothing ran")
        }
    }
    /// Random histories: the database's one-row summary must equal the fold's.
    @Test("the database folds history into the same summary as the engine does, for random histories", arguments: [1, 2, 3, 20_261_125])
    func matchesTheFold(seed: UInt64) async throws {
        var generator = SplitMix64(seed: seed)
        let kinds = HistoryEventKind.allCases
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            try await driver.prepareHistory(.default)
            #expect(try await driver.historySummary(.default) == HistorySummary(HistoryState(events: [])))
            var events: [HistoryEvent] = []
            for sequence in 1...200 {
                let version = Int64.random(in: 1...12, using: &generator)
                let kind = kinds.randomElement(using: &generator) ?? .applied
                let checksum = Bool.random(using: &generator) ? Checksum(of: "v\(version)-\(sequence % 3)") : nil
                let event = HistoryEvent(sequence: Int64(sequence), version: MigrationVersion(version), name: "m", kind: kind,
                                         checksum: checksum, appliedBy: "t", toolVersion: "t", engineVersion: "t")
                try await driver.append(event, to: .default)
                events.append(event)
                if sequence % 10 == 0 {
                    let expected = HistorySummary(HistoryState(events: events))
                    let actual = try await driver.historySummary(.default)
                    #expect(actual == expected, "after \(sequence) events")
                }
            }
        }
    }

    @Test("ensure answers from the summary when the database is exactly at the version, and reads history otherwise")
    func ensureFastPath() async throws {
        try await DuckDBDriver.withDriver(path: ":memory:") { driver in
            let migrator = Migrator(driver: driver, migrations: try twoTables(), logger: logger)
            try await migrator.migrate()
            let summary = try #require(try await driver.historySummary(.default))
            #expect(Migrator.summaryProves(summary, expected: MigrationVersion(2), migrations: migrator.migrations, checkingFiles: true))
            #expect(!Migrator.summaryProves(summary, expected: MigrationVersion(1), migrations: migrator.migrations, checkingFiles: true))
            try await migrator.ensure(MigrationVersion(2))
            await #expect { try await migrator.ensure(MigrationVersion(1)) } throws: { ($0 as? EnsureError)?.reason == .ahead }
        }
    }
}

