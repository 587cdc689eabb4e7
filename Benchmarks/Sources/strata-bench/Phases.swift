import Foundation
import Strata
import StrataBenchSupport
import StrataDuckDB

/// Times the phases of a nothing-to-do `strata up` or a `strata status`, in one process,
/// with the library's public API, so that a whole-process time can be split into what
/// Strata does and what DuckDB does.
enum Phases {
    static func run(folder: URL, database: String, readOnly: Bool, repeats: Int) async throws {
        var samples: [String: [Double]] = [:]
        var order: [String] = []
        func record(_ name: String, _ milliseconds: Double) {
            if samples[name] == nil { order.append(name) }
            samples[name, default: []].append(milliseconds)
        }
        let clock = ContinuousClock()
        func time<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
            let start = clock.now
            let value = try await body()
            record(name, (clock.now - start).milliseconds)
            return value
        }

        for _ in 0..<repeats {
            let total = clock.now
            // What MigrationDirectory.load does, split: read the bytes, then parse (with checksums).
            let names = try await time("list folder") {
                try FileManager.default.contentsOfDirectory(atPath: folder.path).filter(MigrationFileName.isCandidate).sorted()
            }
            let files = try await time("read files") {
                try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
            }
            let parsed = try await time("parse files (incl. checksum)") {
                try files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: $0.1) }
            }
            _ = try await time("checksums alone (again)") { parsed.map { Checksum(of: $0.up.sql) } }
            let set = try await time("MigrationSet (sort, clash check)") { try MigrationSet(parsed) }
            _ = try await time("MigrationDirectory.load (all of the above, as the CLI does)") {
                try MigrationDirectory.load(from: folder)
            }

            var options = DuckDBOpenOptions()
            options.readOnly = readOnly
            let openStart = clock.now
            var insideStart = clock.now
            var closeStart = clock.now
            try await DuckDBDriver.withDriver(path: database, options: options) { driver in
                record("open database + connect", (clock.now - openStart).milliseconds)
                insideStart = clock.now
                let connection = driver.connection
                let migrator = Migrator(driver: driver, migrations: set, logger: .quiet)
                _ = try await time("  query: SELECT history rows into DuckDBRows") {
                    try await connection.withSession { try $0.query(HistoryQueries.select).rows.count }
                }
                let events = try await time("readHistory (the query + decoding)") {
                    try await driver.readHistory(.default)
                }
                let state = try await time("HistoryState fold") { HistoryState(events: events) }
                if readOnly {
                    _ = try await time("Planner.status") { Planner.status(migrations: migrator.migrations, history: state) }
                    _ = try await time("Migrator.status (read + fold + status)") { try await migrator.status() }
                } else {
                    let plan = try await time("Migrator.planUp (read + fold + plan)") { try await migrator.planUp() }
                    _ = try await time("Migrator.run(empty plan) (prepare + read + fold)") { try await migrator.run(plan) }
                }
                record("inside the open database (sum of the above)", (clock.now - insideStart).milliseconds)
                closeStart = clock.now
            }
            record("close database", (clock.now - closeStart).milliseconds)
            record("total in process", (clock.now - total).milliseconds)
        }
        print("phase\tmedian_ms\tmin_ms\tmax_ms")
        for name in order {
            let values = samples[name]!.sorted()
            let median = values[values.count / 2]
            print("\(name)\t\(format(median))\t\(format(values.first!))\t\(format(values.last!))")
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
