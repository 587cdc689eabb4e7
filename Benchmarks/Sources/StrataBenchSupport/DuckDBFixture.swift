import Foundation
import Logging
import Strata
import StrataDuckDB

/// DuckDB databases with every benchmark migration applied, made once with the library
/// and reused (see ``MigrationFolder/cacheRoot``).
public enum DuckDBFixture {
    /// A database file where migrations `1...count` of ``MigrationShape`` are applied by
    /// ``Migrator/migrate(_:)``, and the folder they came from.
    ///
    /// When the environment names `STRATA_BENCH_WORK` (scripts/bench.sh sets it to its work
    /// folder), the database `applied-COUNT.duckdb` and folder `migrations-duckdb-COUNT`
    /// that the script made with `strata up` are used instead, when they are there. A
    /// database is reused only when its marker names this build's history format.
    public static func applied(count: Int) async throws -> (database: String, folder: URL) {
        if let work = ProcessInfo.processInfo.environment["STRATA_BENCH_WORK"] {
            let database = "\(work)/applied-\(count).duckdb"
            let folder = URL(fileURLWithPath: "\(work)/migrations-duckdb-\(count)")
            if isCurrent(marker: database + ".complete"),
               FileManager.default.fileExists(atPath: folder.appendingPathComponent(".complete").path) {
                return (database, folder)
            }
        }
        let folder = try MigrationFolder.cached(count: count)
        let database = MigrationFolder.cacheRoot.appendingPathComponent("duckdb-\(count)-applied.duckdb").path
        let marker = database + ".complete"
        if !isCurrent(marker: marker) {
            try? FileManager.default.removeItem(atPath: database)
            try? FileManager.default.removeItem(atPath: database + ".wal")
            let migrations = try MigrationDirectory.load(from: folder)
            try await DuckDBDriver.withDriver(path: database) { driver in
                let migrator = Migrator(driver: driver, migrations: migrations, logger: .quiet)
                try await migrator.migrate()
            }
            try Data(markerText.utf8).write(to: URL(fileURLWithPath: marker))
        }
        return (database, folder)
    }

    /// What a marker says (scripts/bench.sh writes the same text).
    static var markerText: String { "history format \(HistoryEvent.currentFormatVersion)\n" }

    static func isCurrent(marker: String) -> Bool {
        (try? String(contentsOfFile: marker, encoding: .utf8)) == markerText
    }
}

/// A DuckDB database held open by a background task until ``close()``, so that a
/// benchmark can measure work "after the database is open" across many iterations while
/// the library's scoped API (`withDriver { }`) keeps the database's lifetime a scope.
public final class HeldDuckDB: Sendable {
    /// A migrator on the open database.
    public let migrator: Migrator
    private let release: AsyncStream<Void>.Continuation
    private let holder: Task<Void, Never>

    private init(migrator: Migrator, release: AsyncStream<Void>.Continuation, holder: Task<Void, Never>) {
        self.migrator = migrator
        self.release = release
        self.holder = holder
    }

    /// Opens `path` and makes a migrator with `migrations` on it.
    public static func open(path: String, migrations: MigrationSet, readOnly: Bool = false) async throws -> HeldDuckDB {
        let (ready, readyContinuation) = AsyncThrowingStream<Migrator, any Error>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let holder = Task {
            do {
                var options = DuckDBOpenOptions()
                options.readOnly = readOnly
                try await DuckDBDriver.withDriver(path: path, options: options) { driver in
                    readyContinuation.yield(Migrator(driver: driver, migrations: migrations, logger: .quiet))
                    for await _ in released { break }
                }
                readyContinuation.finish()
            } catch {
                readyContinuation.finish(throwing: error)
            }
        }
        for try await migrator in ready {
            return HeldDuckDB(migrator: migrator, release: release, holder: holder)
        }
        throw CancellationError()
    }

    /// Closes the database and waits until it is closed.
    public func close() async {
        release.yield()
        release.finish()
        await holder.value
    }
}

extension Logger {
    /// A logger that drops everything: benchmarks measure the engine, not log output.
    public static let quiet = Logger(label: "strata-bench") { _ in SwiftLogNoOpLogHandler() }
}
