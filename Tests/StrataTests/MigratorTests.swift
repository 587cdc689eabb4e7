import Foundation
import Logging
import Testing
@testable import Strata

@Suite("Migrator")
struct MigratorTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let five = Fixture.migration(2, "five", up: "INSERT INTO a VALUES (1);\nINSERT INTO b VALUES (2);\nINSERT INTO c VALUES (3);\nINSERT INTO d VALUES (4);\nINSERT INTO e VALUES (5);")

    func migrator(_ driver: RecordingDriver, _ migrations: [Migration]) throws -> Migrator {
        Migrator(driver: driver, migrations: try MigrationSet(migrations), configuration: MigratorConfiguration(actor: "ci@runner"), logger: logger)
    }

    @Test("without transactions, records started before the first statement and the outcome after")
    func startedThenApplied() async throws {
        let driver = RecordingDriver()
        let report = try await migrator(driver, [Fixture.migration(1)]).migrate()
        #expect(driver.events.map(\.kind) == [.started, .applied])
        #expect(report.steps.map(\.version.value) == [1])
        #expect(report.currentVersion == MigrationVersion(1))
        let applied = try #require(driver.events.last)
        #expect(applied.appliedBy == "ci@runner")
        #expect(applied.checksum == Fixture.migration(1).checksum)
        #expect(applied.rollbackSQL == "SELECT 'down';")
        #expect(applied.engineVersion == "recording-1")
        #expect(applied.executionMilliseconds == 2)
        #expect(driver.events[0].sequence < driver.events[1].sequence)
    }

    @Test("without transactions, writes each outcome with the next migration's started event, and the last outcome alone")
    func outcomeTravelsWithNextStart() async throws {
        let driver = RecordingDriver()
        try await migrator(driver, [Fixture.migration(1), Fixture.migration(2), Fixture.migration(3)]).migrate()
        #expect(driver.writes == [[.started], [.applied, .started], [.applied, .started], [.applied]])
        #expect(driver.events.map(\.sequence) == driver.events.map(\.sequence).sorted())
    }

    @Test("records a migration's outcome even when the next one stops before it starts")
    func outcomeWrittenWhenNextStopsEarly() async throws {
        // On a single server, `{cluster}` outside ON CLUSTER cannot be filled in: migration 2
        // stops before its started event.
        let driver = RecordingDriver(capabilities: [.clusterPlaceholder])
        let second = Fixture.migration(2, "clustered", up: "SELECT 1;\nSELECT {cluster};")
        await #expect(throws: StrataError.self) { try await migrator(driver, [Fixture.migration(1), second]).migrate() }
        #expect(driver.writes == [[.started], [.applied]], "migration 1's outcome is written before the error is reported")
    }

    @Test("records the index and the database's error of a failed statement, and stops")
    func failureRecorded() async throws {
        let driver = RecordingDriver()
        driver.failOn("INSERT INTO c")
        await #expect {
            try await migrator(driver, [Fixture.migration(1), five, Fixture.migration(3)]).migrate()
        } throws: { error in
            guard let error = error as? StrataError else { return false }
            return error.code == .statementFailed && error.statement?.index == 3
                && error.location == SourceLocation(file: "002_five.sql", line: 4)
                && error.underlying == "refused: INSERT INTO c" && error.remedy?.contains("strata up --resume") == true
        }
        #expect(driver.events.map(\.kind) == [.started, .applied, .started, .failed])
        #expect(driver.events.last?.failedStatement == 3)
        #expect(driver.events.last?.error == "refused: INSERT INTO c")
        #expect(!driver.executed.contains { $0.contains("t3") }, "migration 3 must not run after a failure")
    }

    @Test("a resumed migration does not re-run the statements that succeeded")
    func resumeSkipsDoneStatements() async throws {
        let driver = RecordingDriver()
        driver.failOn("INSERT INTO c")
        _ = try? await migrator(driver, [five]).migrate()
        driver.failOn(nil)
        let report = try await migrator(driver, [five]).migrate(.init(resumeFailed: true))
        #expect(report.steps.first?.statements == 3)
        #expect(driver.executed.filter { $0.contains("INSERT INTO a") }.count == 1)
        #expect(driver.executed.filter { $0.contains("INSERT INTO c") }.count == 1)
        #expect(driver.events.map(\.kind) == [.started, .failed, .started, .applied])
    }

    @Test("resumes with the failed statement fixed in the file, but not with a statement that already ran changed")
    func resumeAfterFixingTheFile() async throws {
        let driver = RecordingDriver()
        driver.failOn("INSERT INTO c")
        _ = try? await migrator(driver, [five]).migrate()
        #expect(driver.events.last?.details?.contains("completed_statements_sha256") == true)
        driver.failOn(nil)

        let earlierEdited = Fixture.migration(2, "five", up: "INSERT INTO a VALUES (100);\nINSERT INTO b VALUES (2);\nINSERT INTO cc VALUES (3);\nINSERT INTO d VALUES (4);\nINSERT INTO e VALUES (5);")
        await #expect {
            try await migrator(driver, [earlierEdited]).migrate(.init(resumeFailed: true))
        } throws: { ($0 as? StrataError)?.message.contains("Statements 1-2 of 002_five.sql changed since they ran") == true }

        let fixed = Fixture.migration(2, "five", up: "INSERT INTO a VALUES (1);\nINSERT INTO b VALUES (2);\nINSERT INTO cc VALUES (3);\nINSERT INTO d VALUES (4);\nINSERT INTO e VALUES (5);")
        let report = try await migrator(driver, [fixed]).migrate(.init(resumeFailed: true))
        #expect(report.steps.first?.statements == 3)
        #expect(driver.executed.contains("INSERT INTO cc VALUES (3)"))
        #expect(driver.events.last?.kind == .applied)
        #expect(driver.events.last?.checksum == fixed.checksum, "history records the file as it now is")
        #expect(try await migrator(driver, [fixed]).status().migrations.map(\.state) == [.applied])
    }

    @Test("fills in {cluster} before splitting on engines that have clusters, keeping the file's checksum")
    func clusterPlaceholder() async throws {
        let file = Fixture.migration(1, up: "CREATE TABLE t ON CLUSTER {cluster} (x UInt8) ENGINE = Memory;\nSELECT '{cluster}';")
        let onCluster = RecordingDriver(capabilities: [.clusterPlaceholder], cluster: "main")
        try await migrator(onCluster, [file]).migrate()
        #expect(onCluster.executed == ["CREATE TABLE t ON CLUSTER `main` (x UInt8) ENGINE = Memory", "SELECT '{cluster}'"])
        #expect(onCluster.events.last?.checksum == file.checksum)
        let single = RecordingDriver(capabilities: [.clusterPlaceholder])
        try await migrator(single, [file]).migrate()
        #expect(single.executed == ["CREATE TABLE t (x UInt8) ENGINE = Memory", "SELECT '{cluster}'"])
        let other = RecordingDriver(engine: .duckdb)
        try await migrator(other, [file]).migrate()
        #expect(other.executed.first == "CREATE TABLE t ON CLUSTER {cluster} (x UInt8) ENGINE = Memory", "engines without clusters run the text as written")
    }

    @Test("a {cluster} that a single server cannot fill in stops before anything runs, naming the file and line")
    func unresolvedPlaceholder() async throws {
        let file = Fixture.migration(1, up: "SELECT 1;\nCREATE TABLE d AS t ENGINE = Distributed({cluster}, db, t);")
        let driver = RecordingDriver(capabilities: [.clusterPlaceholder])
        let error = await #expect(throws: StrataError.self) { try await migrator(driver, [file]).migrate() }
        #expect(error?.code == .invalidMigrationFile)
        #expect(error?.location == SourceLocation(file: "001_m.sql", line: 3))
        #expect(error?.remedy?.contains("--cluster") == true)
        #expect(driver.executed.isEmpty)
    }

    @Test("a resumed run hands the driver the detail it recorded with the failure")
    func resumingDetails() async throws {
        let driver = RecordingDriver()
        driver.failOn("INSERT INTO c")
        _ = try? await migrator(driver, [five]).migrate()
        driver.failOn(nil)
        try await migrator(driver, [five]).migrate(.init(resumeFailed: true))
        #expect(driver.resuming == [nil, "{\"host\":\"ch-2\"}"])
    }

    @Test("with transactions, a failure records nothing and says the database is as it was")
    func atomicFailureRecordsNothing() async throws {
        let driver = RecordingDriver(engine: .duckdb, capabilities: [.transactionalDDL])
        driver.failOn("INSERT INTO c")
        await #expect {
            try await migrator(driver, [five]).migrate()
        } throws: { ($0 as? StrataError)?.message.contains("rolled back and nothing was recorded") == true }
        #expect(driver.events.isEmpty)
    }

    @Test("with transactions, the history row commits with the migration")
    func atomicSuccess() async throws {
        let driver = RecordingDriver(engine: .duckdb, capabilities: [.transactionalDDL])
        try await migrator(driver, [Fixture.migration(1), Fixture.migration(2)]).migrate()
        #expect(driver.events.map(\.kind) == [.applied, .applied])
    }

    @Test("a section marked transaction:false is recorded like a non-transactional engine")
    func transactionFalse() async throws {
        let driver = RecordingDriver(engine: .duckdb, capabilities: [.transactionalDDL])
        try await migrator(driver, [Fixture.migration(1, transaction: false)]).migrate()
        #expect(driver.events.map(\.kind) == [.started, .applied])
    }

    @Test("refuses to run a plan made before the history changed")
    func stalePlan() async throws {
        let driver = RecordingDriver()
        let migrator = try migrator(driver, [Fixture.migration(1), Fixture.migration(2)])
        let plan = try await migrator.planUp()
        try await migrator.migrate(.init(target: MigrationVersion(1)))
        await #expect { try await migrator.run(plan) } throws: { ($0 as? StrataError)?.code == .historyChanged }
    }

    @Test("rolls back, recording rolled_back events")
    func down() async throws {
        let driver = RecordingDriver()
        let migrator = try migrator(driver, [Fixture.migration(1), Fixture.migration(2)])
        try await migrator.migrate()
        let report = try await migrator.run(try await migrator.planDown(.steps(1)))
        #expect(report.currentVersion == MigrationVersion(1))
        #expect(driver.events.suffix(2).map(\.kind) == [.rollbackStarted, .rolledBack])
    }
}

@Suite("Ensure")
struct EnsureTests {
    let files = [Fixture.migration(1), Fixture.migration(2), Fixture.migration(3)]

    func problem(_ expected: Int64, _ events: [HistoryEvent], files: [Migration]? = nil, checkingFiles: Bool = true) -> EnsureError? {
        Migrator.ensureProblem(expected: MigrationVersion(expected), migrations: files ?? self.files,
                               history: HistoryState(events: events), checkingFiles: checkingFiles)
    }

    @Test("passes when the database is exactly at the version")
    func atVersion() {
        #expect(problem(2, Fixture.applied([files[0], files[1]])) == nil)
        #expect(problem(3, Fixture.applied(files)) == nil)
    }

    @Test("says the database is behind, listing what is pending")
    func behind() {
        let error = problem(3, Fixture.applied([files[0]]))
        #expect(error?.reason == .behind)
        #expect(error?.versions == [MigrationVersion(2), MigrationVersion(3)])
        #expect(problem(1, [])?.reason == .behind)
    }

    @Test("says the database is ahead")
    func ahead() {
        #expect(problem(1, Fixture.applied(files))?.reason == .ahead)
    }

    @Test("says which applied migrations were edited or are missing")
    func editedAndMissing() {
        let edited = Fixture.migration(1, up: "CREATE TABLE t1 (x BIGINT);")
        #expect(problem(2, Fixture.applied([files[0], files[1]]), files: [edited, files[1]])?.reason == .edited)
        #expect(problem(2, Fixture.applied([files[0], files[1]]), files: [files[1]])?.reason == .missing)
    }

    @Test("says a migration failed")
    func failed() {
        var events = Fixture.applied([files[0]])
        events.append(Fixture.event(2, .failed, sequence: 9, failedStatement: 1))
        #expect(problem(2, events)?.reason == .failed)
    }

    @Test("checks history alone when the application ships without its files")
    func historyOnly() {
        #expect(problem(2, Fixture.applied([files[0], files[1]]), files: [], checkingFiles: false) == nil)
        #expect(problem(3, Fixture.applied([files[0], files[1]]), files: [], checkingFiles: false)?.reason == .behind)
    }
}
