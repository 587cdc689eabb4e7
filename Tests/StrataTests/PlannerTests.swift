import Foundation
import Testing
@testable import Strata

@Suite("Planner")
struct PlannerTests {
    let files = [Fixture.migration(1), Fixture.migration(2), Fixture.migration(3)]

    @Test("reports applied, pending, modified, missing and failed migrations")
    func status() {
        let edited = Fixture.migration(2, up: "CREATE TABLE t2 (x BIGINT);")
        var events = Fixture.applied([files[0], files[1]])
        events.append(Fixture.event(4, .applied, sequence: 10, checksum: Checksum(of: "gone")))
        events.append(Fixture.event(5, .failed, sequence: 11, failedStatement: 2, error: "boom"))
        let report = Planner.status(
            migrations: [files[0], edited, files[2], Fixture.migration(5)], history: HistoryState(events: events))
        #expect(report.migrations.map(\.state) == [.applied, .modified, .pending, .missing, .failed])
        #expect(report.currentVersion == MigrationVersion(4))
        #expect(report.needsAttention)
    }

    @Test("plans pending migrations in version order")
    func plansPending() throws {
        let plan = try Planner.planUp(migrations: files.reversed(), history: HistoryState(events: Fixture.applied([files[0]])))
        #expect(plan.steps.map(\.version.value) == [2, 3])
        #expect(plan.steps.allSatisfy { $0.direction == .up && $0.firstStatement == 1 })
        #expect(plan.steps[0].rollbackSQL == files[1].down?.sql)
        #expect(plan.basis == 1)
    }

    @Test("stops at the target version")
    func target() throws {
        let plan = try Planner.planUp(migrations: files, history: HistoryState(events: []),
                                      options: .init(target: MigrationVersion(2)))
        #expect(plan.steps.map(\.version.value) == [1, 2])
    }

    @Test("refuses a target that is unknown or already passed")
    func badTargets() {
        let history = HistoryState(events: Fixture.applied([files[0], files[1]]))
        #expect(throws: StrataError.self) {
            try Planner.planUp(migrations: files, history: history, options: .init(target: MigrationVersion(9)))
        }
        #expect {
            try Planner.planUp(migrations: files, history: history, options: .init(target: MigrationVersion(1)))
        } throws: { ($0 as? StrataError)?.remedy?.contains("strata down --to 1") == true }
    }

    @Test("refuses a pending migration older than the current version unless asked")
    func outOfOrder() throws {
        let history = HistoryState(events: Fixture.applied([files[0], files[2]]))
        #expect { try Planner.planUp(migrations: files, history: history) } throws: {
            ($0 as? StrataError)?.code == .outOfOrderMigration
        }
        let plan = try Planner.planUp(migrations: files, history: history, options: .init(allowOutOfOrder: true))
        #expect(plan.steps.map(\.version.value) == [2])
    }

    @Test("refuses to continue past a failed migration and names the ways out")
    func failedBlocks() {
        var events = Fixture.applied([files[0]])
        events.append(Fixture.event(2, .started, sequence: 5))
        events.append(Fixture.event(2, .failed, sequence: 6, failedStatement: 3, error: "Code: 60. Table x doesn't exist"))
        #expect {
            try Planner.planUp(migrations: files, history: HistoryState(events: events))
        } throws: { error in
            guard let error = error as? StrataError else { return false }
            return error.code == .migrationFailedEarlier && error.message.contains("statement 3")
                && error.remedy?.contains("strata up --resume") == true
                && error.remedy?.contains("strata repair --resolved 2") == true
                && error.remedy?.contains("strata repair --rolled-back 2") == true
                && error.underlying == "Code: 60. Table x doesn't exist"
        }
    }

    @Test("resumes a failed migration at the statement that failed, then continues")
    func resume() throws {
        var events = Fixture.applied([files[0]])
        events.append(Fixture.event(2, .started, sequence: 5, checksum: files[1].checksum))
        events.append(Fixture.event(2, .failed, sequence: 6, checksum: files[1].checksum, failedStatement: 3))
        let plan = try Planner.planUp(migrations: files, history: HistoryState(events: events), options: .init(resumeFailed: true))
        #expect(plan.steps.map(\.version.value) == [2, 3])
        #expect(plan.steps.map(\.firstStatement) == [3, 1])
    }

    @Test("will not resume an interrupted migration whose progress is unknown")
    func interruptedCannotResume() {
        var events = Fixture.applied([files[0]])
        events.append(Fixture.event(2, .started, sequence: 5))
        #expect {
            try Planner.planUp(migrations: files, history: HistoryState(events: events), options: .init(resumeFailed: true))
        } throws: { ($0 as? StrataError)?.message.contains("interrupted") == true }
    }

    @Test("refuses to apply over an edited or a missing migration")
    func modifiedAndMissingBlock() {
        let edited = Fixture.migration(1, up: "CREATE TABLE t1 (x BIGINT);")
        #expect {
            try Planner.planUp(migrations: [edited, files[1]], history: HistoryState(events: Fixture.applied([files[0]])))
        } throws: { ($0 as? StrataError)?.code == .modifiedMigration }
        #expect {
            try Planner.planUp(migrations: [files[1]], history: HistoryState(events: Fixture.applied([files[0]])))
        } throws: { ($0 as? StrataError)?.code == .missingMigration }
    }

    @Test("rolls back the newest migrations first")
    func downSteps() throws {
        let history = HistoryState(events: Fixture.applied(files))
        let plan = try Planner.planDown(migrations: files, history: history, target: .steps(2))
        #expect(plan.steps.map(\.version.value) == [3, 2])
        #expect(plan.steps.allSatisfy { $0.direction == .down && $0.sql == "SELECT 'down';" })
        let all = try Planner.planDown(migrations: files, history: history, target: .version(MigrationVersion(0)))
        #expect(all.steps.map(\.version.value) == [3, 2, 1])
    }

    @Test("rolls back with the recorded down section when the file is gone")
    func downFromHistory() throws {
        let history = HistoryState(events: Fixture.applied(files))
        let plan = try Planner.planDown(migrations: [files[0], files[1]], history: history, target: .steps(1))
        #expect(plan.steps.first?.source == nil)
        #expect(plan.steps.first?.sql == files[2].down?.sql)
    }

    @Test("refuses to roll back an irreversible migration, or more than is applied")
    func downRefusals() {
        let irreversible = Fixture.migration(1, down: nil)
        let history = HistoryState(events: Fixture.applied([irreversible]))
        #expect { try Planner.planDown(migrations: [irreversible], history: history, target: .steps(1)) } throws: {
            ($0 as? StrataError)?.code == .irreversibleMigration
        }
        #expect { try Planner.planDown(migrations: files, history: HistoryState(events: Fixture.applied([files[0]])), target: .steps(2)) } throws: {
            ($0 as? StrataError)?.message.contains("Only 1 migration is applied") == true
        }
    }
}

@Suite("Migration sets")
struct MigrationSetTests {
    @Test("rejects two files with one version for one engine, naming both")
    func duplicates() {
        #expect {
            try MigrationSet([Fixture.migration(1, "a"), Fixture.migration(1, "b")])
        } throws: { error in
            let message = (error as? StrataError)?.message ?? ""
            return message.contains("001_a.sql") && message.contains("001_b.sql")
        }
        #expect(throws: StrataError.self) {
            try MigrationSet([Fixture.migration(3, "a", engine: .clickhouse), Fixture.migration(3, "b", engine: .clickhouse)])
        }
    }

    @Test("prefers an engine's own variant and skips other engines' variants")
    func variants() throws {
        let set = try MigrationSet([
            Fixture.migration(1, "shared"), Fixture.migration(2, "events"), Fixture.migration(2, "events", engine: .clickhouse),
            Fixture.migration(3, "only_duckdb", engine: .duckdb),
        ])
        #expect(set.migrations(for: .clickhouse).map(\.fileName) == ["001_shared.sql", "002_events.clickhouse.sql"])
        #expect(set.migrations(for: .duckdb).map(\.fileName) == ["001_shared.sql", "002_events.sql", "003_only_duckdb.duckdb.sql"])
    }
}

@Suite("History fold")
struct HistoryFoldTests {
    @Test("the latest event of a version decides its state")
    func latestWins() {
        let state = HistoryState(events: [
            Fixture.event(1, .applied, sequence: 1, checksum: Checksum(of: "a")),
            Fixture.event(1, .rolledBack, sequence: 2),
            Fixture.event(2, .applied, sequence: 3, checksum: Checksum(of: "b")),
            Fixture.event(1, .applied, sequence: 4, checksum: Checksum(of: "a2")),
            Fixture.event(3, .started, sequence: 5),
        ].shuffled())
        #expect(state.migrations[MigrationVersion(1)]?.checksum == Checksum(of: "a2"))
        #expect(state.currentVersion == MigrationVersion(2))
        #expect(state.failed.map(\.version) == [MigrationVersion(3)])
        #expect(state.failed.first?.failure?.interrupted == true)
        #expect(state.lastSequence == 5)
    }

    @Test("an accepted checksum keeps the migration applied with the new checksum")
    func acceptedChecksum() {
        let state = HistoryState(events: [
            Fixture.event(1, .applied, sequence: 1, checksum: Checksum(of: "a")),
            Fixture.event(1, .checksumAccepted, sequence: 2, checksum: Checksum(of: "b")),
        ])
        #expect(state.migrations[MigrationVersion(1)]?.isApplied == true)
        #expect(state.migrations[MigrationVersion(1)]?.checksum == Checksum(of: "b"))
    }

    @Test("sequence numbers increase even when the clock stands still or steps back")
    func sequences() {
        var allocator = SequenceAllocator(after: 5_000_000_000_000_000)
        let now = Date(timeIntervalSince1970: 1_000)
        let first = allocator.next(at: now)
        let second = allocator.next(at: now)
        #expect(first == 5_000_000_000_000_001)
        #expect(second == first + 1)
    }
}
