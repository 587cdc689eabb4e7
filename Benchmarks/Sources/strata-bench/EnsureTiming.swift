import Foundation
import Strata
import StrataBenchSupport
import StrataDuckDB

/// Times `Migrator.ensure` on an open database in an ordinary process, the way an
/// application calls it at start-up: files loaded, database open, then `ensure` alone.
/// Beside it, on the same connection, the one query it sends and `SELECT 1` (what any query
/// costs in DuckDB), so that the share DuckDB takes is visible.
///
/// (package-benchmark's process counts allocations through its own allocator, which makes
/// DuckDB's allocation-heavy query planning slower there than in an application.)
enum EnsureTiming {
    static func run(folder: URL, database: String, repeats: Int) async throws {
        let migrations = try MigrationDirectory.load(from: folder)
        try await DuckDBDriver.withDriver(path: database) { driver in
            let migrator = Migrator(driver: driver, migrations: migrations, logger: .quiet)
            guard let version = migrator.migrations.last?.version else { return }
            try await migrator.ensure(version)  // fails loudly if the database is not at the folder's last version
            let clock = ContinuousClock()
            func median(_ name: String, _ body: () async throws -> Void) async throws {
                var samples: [Double] = []
                for _ in 0..<repeats {
                    let start = clock.now
                    try await body()
                    samples.append((clock.now - start).milliseconds)
                }
                samples.sort()
                print("\(name)\t\(Phases.format(samples[samples.count / 2]))\t\(Phases.format(samples[0]))")
            }
            let connection = driver.connection
            try await median("Migrator.ensure") { try await migrator.ensure(version) }
            try await median("Migrator.ensure(checkingFiles: false)") { try await migrator.ensure(version, checkingFiles: false) }
            try await median("  query: the summary row") { _ = try await connection.withSession { try $0.query(HistoryQueries.summaryRow).rows.count } }
            try await median("  query: SELECT 1") { _ = try await connection.withSession { try $0.query("SELECT 1").rows.count } }
            try await median("  digest of the files") { _ = HistorySummary.digest(of: migrator.migrations) }
        }
    }
}
