import Foundation
import Strata
@testable import StrataClickHouse
import StrataTestSupport
import Synchronization
import Testing

/// What lock-waiting callbacks saw, shared with the runners' tasks.
final class Announcements: Sendable {
    private let seen = Mutex<[LockOwner]>([])
    func record(_ holder: LockOwner) { seen.withLock { $0.append(holder) } }
    var holders: [LockOwner] { seen.withLock { $0 } }
}

@Suite("Migration lock on one ClickHouse server")
struct ClickHouseLockTests {
    /// Four migrations, each slow enough for runners to overlap, each inserting one row.
    static func migrations() throws -> MigrationSet {
        var files = [("001_marks.sql", "-- migrate:up\nCREATE TABLE marks (version UInt32, id UInt64) ENGINE = MergeTree ORDER BY version;\n")]
        for version in 2...4 {
            files.append((String(format: "%03d_mark.sql", version),
                          "-- migrate:up\nINSERT INTO marks SELECT \(version), rand64();\nSELECT sleep(0.3);\n"))
        }
        return try TestEngine.migrations(files)
    }

    /// Creates the history table and the lock's tables, as a first run does: take the lock, release it.
    static func createLockTables(_ driver: ClickHouseDriver) async throws {
        try await driver.prepareHistory(.default)
        try await driver.withMigrationLock(LockRequest(table: .default, owner: LockOwner(host: "setup", process: 1),
                                                       timeout: .seconds(5), lease: .seconds(30))) {}
    }

    /// The lock as a runner leaves it that died right after taking it: its claim and one
    /// lease row, never renewed. Returns the claim's token.
    static func plantLock(of owner: LockOwner, lease: Duration, driver: ClickHouseDriver, database: String) async throws -> String {
        try await createLockTables(driver)
        let token = ClickHouseLockSQL.token(for: owner.id)
        try await driver.client.execute(ClickHouseLockSQL.createServerClaim(.default, database: database, token: token, runID: owner.id))
        try await driver.client.execute(ClickHouseLockSQL.insertLease(.default, database: database, token: token, owner: owner,
                                                                        event: .acquired, lease: lease, sequence: 1))
        return token
    }

    static func configuration(_ name: String, timeout: Duration = .seconds(60), lease: Duration = .seconds(60),
                              waiting: @escaping @Sendable (LockOwner) -> Void = { _ in }) -> MigratorConfiguration {
        MigratorConfiguration(actor: name, lockOwner: LockOwner(host: name, process: 1), lockTimeout: timeout, lockLease: lease,
                              lockWaiting: waiting)
    }

    @Test("two runners started together apply each migration once; the second waits, seeing who holds the lock")
    func twoRunners() async throws {
        try await TestClickHouse.withDatabase { configuration in
            let migrations = try Self.migrations()
            let seen = Announcements()
            let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
                for name in ["runner-a", "runner-b"] {
                    group.addTask {
                        try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                            let settings = Self.configuration(name, waiting: seen.record)
                            return try await Migrator(driver: driver, migrations: migrations, configuration: settings, logger: .test).migrate()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.map(\.steps.count).sorted() == [0, 4])
            #expect(seen.holders.count == 1, "the waiter announced the holder once")
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let history = try await driver.readHistory(.default)
                #expect(history.filter { $0.kind == .applied }.map(\.version.value).sorted() == [1, 2, 3, 4])
                #expect(!history.contains { $0.kind == .failed })
                let counts = try await driver.client.query("SELECT version, count() FROM marks GROUP BY version ORDER BY version").rows
                #expect(counts.map { [$0[0].int64, $0[1].int64] } == [[2, 1], [3, 1], [4, 1]])
                #expect(try await driver.lockHolder(.default) == nil, "released")
            }
        }
    }

    @Test("shows the holder while it is held; a waiter gives up after its timeout naming the holder; unlock refuses a live lease")
    func holderAndTimeout() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { holderDriver in
                let owner = LockOwner(host: "deploy-7", process: 4242)
                let request = LockRequest(table: .default, owner: owner, timeout: .seconds(5), lease: .seconds(30))
                let beforeClaim = Date()
                try await holderDriver.withMigrationLock(request) {
                    try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { other in
                        let holder = try #require(try await other.lockHolder(.default))
                        let afterReading = Date()
                        #expect(holder.id == owner.id && holder.host == "deploy-7" && holder.process == 4242)
                        let since = try #require(holder.since), expires = try #require(holder.expires)
                        // The server keeps whole seconds and the reader maps them to this machine's clock
                        // through the server's (whole-second) now: each end may be off by up to a second.
                        #expect(since >= beforeClaim.addingTimeInterval(-2) && since <= afterReading.addingTimeInterval(2),
                                "claimed between \(beforeClaim) and \(afterReading), shown as \(since)")
                        #expect(abs(expires.timeIntervalSince(since) - 30) <= 2)

                        let migrator = Migrator(driver: other, migrations: try Self.migrations(),
                                                configuration: Self.configuration("late", timeout: .seconds(1)), logger: .test)
                        let error = await #expect(throws: StrataError.self) { try await migrator.migrate() }
                        #expect(error?.code == .databaseLocked)
                        #expect(error?.message.contains("deploy-7 pid 4242 (run \(owner.id))") == true)
                        #expect(error?.remedy?.contains("strata unlock --owner \(owner.id)") == true)

                        let refused = await #expect(throws: StrataError.self) { try await migrator.unlock(.expired) }
                        #expect(refused?.code == .databaseLocked)
                        await #expect(throws: StrataError.self) { try await migrator.unlock(.owner("not-the-holder")) }
                        #expect(try await other.lockHolder(.default)?.id == owner.id, "still held")
                    }
                }
            }
        }
    }

    @Test("a holder that stopped renewing leaves a lock that expires; the next runner removes it and proceeds")
    func expiredLock() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let migrations = try Self.migrations()
                // A runner that died right after taking the lock: its claim and a 20-second lease, never renewed
                // (long enough to be still running when the next runner looks, even on a loaded machine).
                let dead = LockOwner(host: "gone", process: 99)
                let token = try await Self.plantLock(of: dead, lease: .seconds(20), driver: driver, database: configuration.database)
                #expect(try await driver.lockHolder(.default)?.id == dead.id)

                let announced = Announcements()
                let start = ContinuousClock.now
                let report = try await Migrator(driver: driver, migrations: migrations,
                                                configuration: Self.configuration("next", waiting: announced.record),
                                                logger: .test).migrate()
                #expect(report.steps.count == 4)
                #expect(ContinuousClock.now - start >= .seconds(1), "it waited for the lease to run out")
                #expect(announced.holders.map(\.id) == [dead.id])
                let events = try await driver.client.query("SELECT event FROM schema_migrations_lock WHERE claim = '\(token)' ORDER BY seq").rows
                #expect(events.compactMap { $0.first?.string } == ["acquired", "broken"])
            }
        }
    }

    @Test("unlock removes a lock confirmed by its owner's run id, and only that one")
    func unlockByOwner() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let dead = LockOwner(host: "gone", process: 99)
                _ = try await Self.plantLock(of: dead, lease: .seconds(600), driver: driver, database: configuration.database)
                let migrator = Migrator(driver: driver, migrations: try MigrationSet([]), logger: .test)
                let someoneElse = LockOwner(host: "gone", process: 99)
                await #expect(throws: StrataError.self) { try await driver.breakLock(.default, heldBy: someoneElse) }
                #expect(try await migrator.lockHolder()?.id == dead.id)
                let removed = try await migrator.unlock(.owner(String(dead.id.prefix(8))))
                #expect(removed.id == dead.id)
                #expect(try await migrator.lockHolder() == nil)
            }
        }
    }
}
