import Foundation
import StrataTestSupport
import Strata
import StrataClickHouse
import Testing

@Suite("Migrator on ClickHouse")
struct ClickHouseMigratorTests {
    static func migration(_ fileName: String, _ text: String) throws -> Migration {
        try MigrationFileParser.parse(fileName: fileName, bytes: Array(text.utf8))
    }

    static let first = [
        ("001_create_events.sql", """
            -- description: Raw events
            -- migrate:up
            CREATE TABLE events (id UInt64, kind String) ENGINE = MergeTree ORDER BY id;
            -- migrate:down
            DROP TABLE events;
            """),
        ("002_audit.sql", """
            -- migrate:up
            CREATE TABLE audit (step String) ENGINE = MergeTree ORDER BY step;
            ALTER TABLE events ADD COLUMN note String DEFAULT '';
            -- migrate:down
            DROP TABLE audit;
            ALTER TABLE events DROP COLUMN note;
            """),
        ("003_seed.sql", """
            -- migrate:up
            INSERT INTO events (id, kind, note) VALUES (1, 'signup', 'it''s; fine'), (2, 'login', 'tab\there');
            """),
    ]

    /// Five statements; the third reads a table that does not exist yet.
    static let fiveStatements = ("004_backfill.sql", """
        -- migrate:up
        INSERT INTO audit VALUES ('004 statement 1');
        CREATE TABLE summary (kind String, n UInt64) ENGINE = MergeTree ORDER BY kind;
        INSERT INTO summary SELECT kind, count() FROM staging GROUP BY kind;
        ALTER TABLE events ADD COLUMN source String DEFAULT 'web';
        INSERT INTO audit VALUES ('004 statement 5');
        -- migrate:down
        DROP TABLE summary;
        """)

    @Test("applies migrations, records a failure at statement 3 of 5 with the server's error, and resumes there without re-running statements 1 and 2")
    func appliesFailsAndResumes() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let files = try Self.first.map { try Self.migration($0.0, $0.1) }
                // A lease of an hour: no renewal can add a request to the counts below, however slow the machine.
                let noRenewal = MigratorConfiguration(lockLease: .seconds(3600))
                let migrator = Migrator(driver: driver, migrations: try MigrationSet(files), configuration: noRenewal, logger: .test)

                // Three migrations, four statements.
                let before = driver.client.requestCount
                let report = try await migrator.migrate()
                let firstRun = driver.client.requestCount - before
                #expect(report.currentVersion == MigrationVersion(3))
                #expect(report.steps.map(\.statements) == [1, 2, 1])
                let history = try await migrator.history()
                #expect(history.map(\.kind) == [.started, .applied, .started, .applied, .started, .applied])
                #expect(history.allSatisfy { $0.engineVersion == "18.16.1" || $0.engineVersion.hasPrefix("1") || $0.engineVersion.hasPrefix("2") })
                #expect(try await driver.client.query("SELECT note FROM events ORDER BY id").column("note").compactMap(\.string) == ["it's; fine", "tab\there"])
                #expect(try await driver.client.query("SELECT version FROM current_schema_version").scalar?.int64 == 3)
                // Per migration: its statements plus one history insert (its outcome travels with
                // the next one's `started` event), plus one for the last outcome; per run: a first read
                // (nothing to do ends the run there), history preparation (3 requests the first
                // time: look, create table, create view), one read to plan from (under the lock),
                // a read after, and the server's version once; and the lock: look for its table
                // (and create it, the first time), look at the claim, claim, write the lease;
                // release: move the claim aside, check it, drop it, write the release.
                #expect(firstRun == 4 + (3 + 1) + 1 + 3 + 1 + 1 + 1 + (2 + 3) + 4, "requests for the first run: \(firstRun)")

                // The fourth migration fails at its third statement.
                let withFourth = try MigrationSet(files + [Self.migration(Self.fiveStatements.0, Self.fiveStatements.1)])
                let migrator4 = Migrator(driver: driver, migrations: withFourth, configuration: noRenewal, logger: .test)
                let failedAt = driver.client.requestCount
                let error = await #expect(throws: StrataError.self) { try await migrator4.migrate() }
                let failedRun = driver.client.requestCount - failedAt
                #expect(error?.code == .statementFailed)
                #expect(error?.statement?.index == 3)
                #expect(error?.location == SourceLocation(file: "004_backfill.sql", line: 4))
                #expect(error?.underlying?.contains("Code: 60") == true)
                #expect(error?.underlying?.contains("staging") == true)
                #expect(error?.remedy?.contains("--resume") == true)
                // First read, preparation (3: columns, format, engine), the read to plan from,
                // started, 3 statements, failed insert; no final read; the lock as above (table exists).
                #expect(failedRun == 1 + 3 + 1 + 1 + 3 + 1 + (1 + 3) + 4, "requests for the failed run: \(failedRun)")

                let afterFailure = try await migrator4.history().filter { $0.version == MigrationVersion(4) }
                #expect(afterFailure.map(\.kind) == [.started, .failed])
                #expect(afterFailure.last?.failedStatement == 3)
                #expect(afterFailure.last?.error?.hasPrefix("Code: 60, e.displayText() = DB::Exception: Table") == true)
                #expect(try await migrator4.currentVersion() == MigrationVersion(3))
                let status = try await migrator4.status()
                #expect(status.migrations.last?.state == .failed)
                // Statements 1 and 2 took effect and stay.
                #expect(try await driver.client.query("SELECT count() FROM audit").scalar?.int64 == 1)
                #expect(try await driver.client.query("SELECT count() FROM summary").scalar?.int64 == 0)

                // A plain `up` refuses to go on past the failed migration.
                let refusal = await #expect(throws: StrataError.self) { try await migrator4.migrate() }
                #expect(refusal?.code == .migrationFailedEarlier)

                // Fix the cause, then resume from statement 3.
                try await driver.client.execute("CREATE TABLE staging (kind String) ENGINE = MergeTree ORDER BY kind")
                try await driver.client.execute("INSERT INTO staging VALUES ('signup'), ('login'), ('login')")
                let plan = try await migrator4.planUp(Planner.UpOptions(resumeFailed: true))
                #expect(plan.steps.map(\.firstStatement) == [3])
                let resumed = try await migrator4.run(plan)
                #expect(resumed.currentVersion == MigrationVersion(4))
                #expect(resumed.steps.first?.statements == 3)

                #expect(try await driver.client.query("SELECT count() FROM audit").scalar?.int64 == 2,
                        "statement 1 did not run again; statement 5 ran")
                #expect(try await driver.client.query("SELECT step FROM audit ORDER BY step").column("step").compactMap(\.string)
                        == ["004 statement 1", "004 statement 5"])
                #expect(try await driver.client.query("SELECT n FROM summary WHERE kind = 'login'").scalar?.int64 == 2)
                let final = try await migrator4.history().filter { $0.version == MigrationVersion(4) }
                #expect(final.map(\.kind) == [.started, .failed, .started, .applied])
                #expect(try await driver.client.query("SELECT version FROM current_schema_version").scalar?.int64 == 4)
            }
        }
    }

    @Test("rolls back with the down sections and records it")
    func rollsBack() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let files = try Self.first.map { try Self.migration($0.0, $0.1) }
                let migrator = Migrator(driver: driver, migrations: try MigrationSet(files.prefix(2).map { $0 }), logger: .test)
                try await migrator.migrate()
                let report = try await migrator.run(try await migrator.planDown(.steps(1)))
                #expect(report.currentVersion == MigrationVersion(1))
                let kinds = try await migrator.history().map(\.kind)
                #expect(kinds.suffix(2) == [.rollbackStarted, .rolledBack])
                let tables = try await driver.client.query("SELECT name FROM system.tables WHERE database = currentDatabase()")
                #expect(tables.column("name").compactMap(\.string).contains("audit") == false)
            }
        }
    }
}
