import Benchmark
import Foundation
import Strata
import StrataBenchSupport
import StrataDuckDB

// In-process figures for issue 7: the engine's pure parts (parse, checksum, fold, plan),
// loading a folder from disk, and `Migrator.ensure` on an open DuckDB file.
//
//   source scripts/duckdb-prefix.sh && write_duckdb_pc
//   cd Benchmarks && swift package --scratch-path .build-bench benchmark
//
// Fixtures (generated folders, a DuckDB file with 1,000 applied migrations) are made on
// first use under $TMPDIR/strata-bench-v1 and reused; the first run spends about a minute
// on them.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .instructions, .peakMemoryResident],
        timeUnits: .microseconds,
        maxDuration: .seconds(3),
        maxIterations: 1_000)

    // MARK: - One file

    let sampleText = MigrationShape.duckDB(42)
    let sampleBytes = Array(sampleText.utf8)
    let sampleName = MigrationShape.fileName(42, total: 1_000)

    Benchmark("Parse one migration file (\(sampleBytes.count) bytes, incl. checksum)",
              configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try MigrationFileParser.parse(fileName: sampleName, bytes: sampleBytes))
        }
    }

    let upSection = try! MigrationFileParser.parse(fileName: sampleName, bytes: sampleBytes).up.sql
    Benchmark("Checksum of one up section (\(upSection.utf8.count) bytes)",
              configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Checksum(of: upSection))
        }
    }

    // MARK: - A folder of 1,000 files

    Benchmark("Load a folder of 1,000 files (list, read, parse, checksum)",
              configuration: .init(maxIterations: 50)) { benchmark in
        let folder = try MigrationFolder.cached(count: 1_000)
        benchmark.startMeasurement()
        blackHole(try MigrationDirectory.load(from: folder))
        benchmark.stopMeasurement()
    }

    let thousandBytes: [(String, [UInt8])] = (1...1_000).map {
        (MigrationShape.fileName($0, total: 1_000), Array(MigrationShape.duckDB($0).utf8))
    }
    Benchmark("Parse 1,000 files already in memory", configuration: .init(maxIterations: 50)) { benchmark in
        for (name, bytes) in thousandBytes {
            blackHole(try MigrationFileParser.parse(fileName: name, bytes: bytes))
        }
    }

    // MARK: - History fold and planner

    Benchmark("HistorySummary.digest of 1,000 migration files (ensure's share in Swift)",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, migrations: [Migration]) in
        benchmark.startMeasurement()
        blackHole(HistorySummary.digest(of: migrations))
    } setup: {
        try SyntheticHistory.migrations(count: 1_000)
    }

    for count in [1_000, 10_000] {
        Benchmark("HistoryState fold of \(count.formatted()) events", configuration: .init(maxIterations: 200)) { (benchmark: Benchmark, events: [HistoryEvent]) in
            benchmark.startMeasurement()
            blackHole(HistoryState(events: events))
        } setup: {
            SyntheticHistory.appliedEvents(for: try SyntheticHistory.migrations(count: count))
        }

        Benchmark("Planner.status at \(count.formatted()) (all applied)", configuration: .init(maxIterations: 200)) { (benchmark: Benchmark, state: ([Migration], HistoryState)) in
            let (migrations, history) = state
            benchmark.startMeasurement()
            blackHole(Planner.status(migrations: migrations, history: history))
        } setup: {
            let migrations = try SyntheticHistory.migrations(count: count)
            return (migrations, HistoryState(events: SyntheticHistory.appliedEvents(for: migrations)))
        }

        Benchmark("Planner.planUp at \(count.formatted()) (nothing pending)", configuration: .init(maxIterations: 200)) { (benchmark: Benchmark, state: ([Migration], HistoryState)) in
            let (migrations, history) = state
            benchmark.startMeasurement()
            blackHole(try Planner.planUp(migrations: migrations, history: history))
        } setup: {
            let migrations = try SyntheticHistory.migrations(count: count)
            return (migrations, HistoryState(events: SyntheticHistory.appliedEvents(for: migrations)))
        }
    }

    // MARK: - On an open DuckDB file with 1,000 applied migrations

    Benchmark("Migrator.ensure on an open DuckDB file, 1,000 applied (target < 1 ms)",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        benchmark.startMeasurement()
        try await held.migrator.ensure(MigrationVersion(1_000))
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }

    Benchmark("Migrator.ensure(checkingFiles: false) on an open DuckDB file, 1,000 applied",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        benchmark.startMeasurement()
        try await held.migrator.ensure(MigrationVersion(1_000), checkingFiles: false)
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }

    // Where ensure's time goes: the one query it sends, in DuckDB alone; and the read of
    // every row that status and up make.
    Benchmark("DuckDB: SELECT the summary row ensure reads, 1,000 applied",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        let connection = (held.migrator.driver as! DuckDBDriver).connection
        benchmark.startMeasurement()
        blackHole(try await connection.withSession { session in
            try session.query(HistoryQueries.summaryRow).rows.count
        })
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }

    Benchmark("DuckDB: one session (the thread hop every query makes), no query",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        let connection = (held.migrator.driver as! DuckDBDriver).connection
        benchmark.startMeasurement()
        blackHole(try await connection.withSession { _ in 1 })
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }

    Benchmark("DuckDB: SELECT the 1,000 history rows into DuckDBRows",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        let connection = (held.migrator.driver as! DuckDBDriver).connection
        benchmark.startMeasurement()
        blackHole(try await connection.withSession { session in
            try session.query(HistoryQueries.select).rows.count
        })
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }

    Benchmark("Migrator.historyState (read + fold), 1,000 applied",
              configuration: .init(maxIterations: 300)) { (benchmark: Benchmark, held: HeldDuckDB) in
        benchmark.startMeasurement()
        blackHole(try await held.migrator.historyState())
        benchmark.stopMeasurement()
    } setup: {
        try await openThousand()
    } teardown: {
        await closeHeld()
    }
}

// MARK: - Helpers

/// The database opened by a benchmark's setup, closed by its teardown.
nonisolated(unsafe) var heldDatabase: HeldDuckDB?

func openThousand() async throws -> HeldDuckDB {
    let (database, folder) = try await DuckDBFixture.applied(count: 1_000)
    let held = try await HeldDuckDB.open(path: database, migrations: try MigrationDirectory.load(from: folder), readOnly: true)
    heldDatabase = held
    return held
}

func closeHeld() async {
    await heldDatabase?.close()
    heldDatabase = nil
}
