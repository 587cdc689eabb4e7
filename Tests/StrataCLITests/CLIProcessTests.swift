import Foundation
import Strata
import StrataDuckDB
import StrataTestSupport
import Testing

@Suite("strata command: processes", .serialized)
struct CLIProcessTests {
    @Test("a database held by another process is refused with exit 6, naming the process")
    func locked() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_a.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n")
        let pid = ProcessInfo.processInfo.processIdentifier
        try await DuckDBDatabase.withDatabase(path: cli.databasePath) { _ in
            let result = try cli.run(["up"])
            #expect(result.status == 6, "\(result)")
            #expect(result.stderr.contains("in use by another process, PID \(pid)"), "\(result)")
            #expect(result.stderr.contains("Conflicting lock"), "DuckDB's own message is kept: \(result)")
        }
        #expect(try cli.run(["up"]).status == 0)
    }

    /// 50 migrations of several statements each, whose effects are all visible in the schema.
    func writeFifty(_ cli: CLI) throws {
        for n in 1...50 {
            try cli.write(String(format: "%03d_step_%d.sql", n, n), """
                -- migrate:up
                CREATE TABLE t_\(n) (id INTEGER, label VARCHAR);
                INSERT INTO t_\(n) SELECT range, 'row ' || range FROM range(200);
                CREATE VIEW v_\(n) AS SELECT count(*) AS rows FROM t_\(n);
                ALTER TABLE t_\(n) ADD COLUMN extra INTEGER DEFAULT \(n);
                -- migrate:down
                DROP VIEW v_\(n);
                DROP TABLE t_\(n);
                """)
        }
    }

    /// Checks that the schema holds exactly the migrations history says are applied.
    func consistentVersions(_ path: String) async throws -> Int {
        try await DuckDBDriver.withDriver(path: path) { driver in
            let history = HistoryState(events: try await driver.readHistory(.default))
            let applied = Set(history.applied.map { Int($0.version.value) })
            #expect(history.failed.isEmpty)
            let schema = try await driver.connection.withSession { session in
                let tables = try session.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 't\\_%' ESCAPE '\\'").rows
                let views = try session.query("SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'v\\_%' ESCAPE '\\'").rows
                let extras = try session.query("SELECT table_name FROM duckdb_columns() WHERE column_name = 'extra'").rows
                var counts: [String] = []
                for row in tables {
                    let name = row[0].string ?? ""
                    let count = try session.query("SELECT count(*) FROM \"\(name)\"").scalar?.int64 ?? -1
                    if count != 200 { counts.append(name) }
                }
                return (tables.compactMap { $0[0].string }, views.compactMap { $0[0].string },
                        extras.compactMap { $0[0].string }, counts)
            }
            func numbers(_ names: [String]) -> Set<Int> { Set(names.compactMap { Int($0.dropFirst(2)) }) }
            #expect(numbers(schema.0) == applied, "tables vs history")
            #expect(numbers(schema.1) == applied, "views vs history")
            #expect(numbers(schema.2) == applied, "added columns vs history")
            #expect(schema.3.isEmpty, "tables with a partial insert: \(schema.3)")
            return applied.count
        }
    }

    @Test("SIGKILL at random moments while applying 50 migrations never leaves one half applied")
    func killedAtRandomMoments() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try writeFifty(cli)
        // How long a whole run takes here, so that the kills spread over all of it.
        let clock = ContinuousClock()
        let full = try clock.measure { _ = try cli.run(["up"]) }
        #expect(try await consistentVersions(cli.databasePath) == 50)
        try? FileManager.default.removeItem(atPath: cli.databasePath)
        try? FileManager.default.removeItem(atPath: cli.databasePath + ".wal")

        var generator = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["STRATA_KILL_SEED"] ?? "") ?? 20_261_125)
        let window = max(full.milliseconds, 200)
        var partial = 0
        for round in 1...30 {
            let delay = Double(generator.next() % 1_000) / 1_000 * window
            let running = try cli.start(["up", "--url", cli.url, "--dir", cli.migrations.path])
            try await Task.sleep(for: .milliseconds(delay))
            kill(running.process.processIdentifier, SIGKILL)
            _ = try CLI.finish(running)
            let applied = try await consistentVersions(cli.databasePath)
            if applied > 0 && applied < 50 { partial += 1 }
            if applied == 50 {
                try FileManager.default.removeItem(atPath: cli.databasePath)
                try? FileManager.default.removeItem(atPath: cli.databasePath + ".wal")
            }
            _ = round
        }
        #expect(partial >= 5, "kills should land in the middle of runs (window \(window) ms)")
        let finish = try cli.run(["up"])
        #expect(finish.status == 0, "\(finish)")
        #expect(try await consistentVersions(cli.databasePath) == 50)
    }
}

