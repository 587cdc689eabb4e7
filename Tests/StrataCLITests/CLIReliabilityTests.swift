import Foundation
import StrataDuckDB
import Testing

/// The findings of the adversarial pass (issue 14), each reproduced through the built
/// `strata`: none may lose data or misreport.
@Suite("strata command: reliability findings")
struct CLIReliabilityTests {
    @Test("a NUL byte in a file is refused by up, lint, validate and check, and nothing is applied")
    func nulByte() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.writeBytes("001_tables.sql", Array("-- migrate:up\nCREATE TABLE a(i INT);\n-- note".utf8) + [0]
            + Array("\nCREATE TABLE b(i INT);\nINSERT INTO b VALUES (1);\n".utf8))
        for command in [["up"], ["lint"], ["validate"], ["check"]] {
            let result = try cli.run(command)
            #expect(result.status == 2, "\(command): \(result)")
            #expect(result.stderr.contains("001_tables.sql:3") && result.stderr.contains("NUL byte"), "\(command): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), "nothing was created")
    }

    @Test("a closed standard output neither crashes a run nor cuts a migration short; the run stops after it with exit 8")
    func closedStandardOutput() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for number in 1...3 {
            try cli.write(String(format: "%03d_t%d.sql", number, number), "-- migrate:up\nCREATE TABLE t\(number) (i INTEGER);\n")
        }
        // Standard output is a pipe whose reader is gone before strata writes (`| head -0`).
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["up", "--url", cli.url, "--dir", cli.migrations.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by a signal: \(stderr)")
        #expect(process.terminationStatus == 8, "\(process.terminationStatus): \(stderr)")
        #expect(!stderr.contains("Fatal error"), "\(stderr)")
        #expect(stderr.contains("standard output could not be written"), "\(stderr)")
        let history = try cli.run(["history", "--json"])
        let events = try #require(try CLI.json(history) as? [[String: Any]])
        #expect(events.allSatisfy { $0["event"] as? String == "applied" }, "\(events)")
        #expect((1...2).contains(events.count), "the migration under way finished, and the run stopped: \(events.count)")
        let rest = try cli.run(["up"])
        #expect(rest.status == 0, "the next run applies the rest: \(rest)")
        #expect(try cli.run(["status", "--exit-code"]).status == 0)
    }

    @Test("a full standard output (/dev/full) ends the run with exit 8, history intact")
    func fullStandardOutput() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_t.sql", "-- migrate:up\nCREATE TABLE t (i INTEGER);\n")
        try cli.write("002_u.sql", "-- migrate:up\nCREATE TABLE u (i INTEGER);\n")
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["up", "--url", cli.url, "--dir", cli.migrations.path]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 8, "\(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("No space left on device"), "\(stderr)")
        #expect(try cli.run(["up"]).status == 0)
        #expect(try cli.run(["status", "--exit-code"]).status == 0)
    }

    @Test("check --url reports no drift for a sequence that rows have used")
    func usedSequenceIsNotDrift() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_ids.sql", """
            -- migrate:up
            CREATE SEQUENCE ids START 100;
            CREATE TABLE events (id BIGINT DEFAULT nextval('ids'), name VARCHAR);
            -- migrate:down
            DROP TABLE events;
            DROP SEQUENCE ids;
            """)
        #expect(try cli.run(["up"]).status == 0)
        #expect(try cli.run(["dump", "--from-migrations", "--output", cli.directory.appendingPathComponent("schema.sql").path]).status == 0)
        // Use the sequence through DuckDB itself, as an application would.
        try await DuckDBDriver.withDriver(path: cli.databasePath) { driver in
            try await driver.connection.withSession { try $0.execute("INSERT INTO events (name) SELECT 'e' || i FROM range(10) t(i)") }
        }
        let check = try cli.run(["check", "--url", cli.url, "--schema", cli.directory.appendingPathComponent("schema.sql").path])
        #expect(check.status == 0, "\(check)")
    }

    @Test("down --to 0 rolls back a migration numbered 0 too")
    func downToZero() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("000_init.sql", "-- migrate:up\nCREATE TABLE init (i INTEGER);\n-- migrate:down\nDROP TABLE init;\n")
        try cli.write("001_next.sql", "-- migrate:up\nCREATE TABLE next (i INTEGER);\n-- migrate:down\nDROP TABLE next;\n")
        #expect(try cli.run(["up"]).status == 0)
        let down = try cli.run(["down", "--to", "0"])
        #expect(down.status == 0, "\(down)")
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] is NSNull, "\(status)")
    }

    @Test("new refuses a version past 18 digits and a name too long for a file, without a raw error")
    func newLimits() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("999999999999999999_last.sql", "-- migrate:up\nSELECT 1;\n")
        let next = try cli.run(["new", "more"])
        #expect(next.status == 2 && next.stderr.contains("more than the 18 digits"), "\(next)")
        try cli.remove("999999999999999999_last.sql")
        let long = try cli.run(["new", String(repeating: "x", count: 5_000)])
        #expect(long.status == 2 && long.stderr.contains("too long for a file name") && !long.stderr.contains("NSCocoaErrorDomain"), "\(long)")
    }

    @Test("an SQLite file is named as such, not answered with DuckDB's advice to install an extension")
    func sqliteFile() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_t.sql", "-- migrate:up\nCREATE TABLE t (i INTEGER);\n")
        try Data(Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 0, count: 4_080)).write(to: URL(fileURLWithPath: cli.databasePath))
        let result = try cli.run(["status"])
        #expect(result.status == 6, "\(result)")
        #expect(result.stderr.contains("an SQLite database, not a DuckDB database"), "\(result)")
    }

    @Test("timeouts too large to measure are refused as bad input, not a crash")
    func hugeTimeouts() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let option = try cli.run(["status", "--url", "clickhouse://127.0.0.1:1/default", "--ddl-timeout", "9223372036854775807"])
        #expect(option.status == 2 && option.stderr.contains("--ddl-timeout must be"), "\(option)")
        let url = try cli.run(["status", "--url", "clickhouse://127.0.0.1:1/default?query_timeout=1e300"])
        #expect(url.status == 2 && url.stderr.contains("query_timeout must be"), "\(url)")
    }

    @Test("a down section that does not parse is refused at up, before it is recorded as the way back")
    func unparseableDown() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_t.sql", "-- migrate:up\nCREATE TABLE t (i INTEGER);\n-- migrate:down\nDROP TABEL t;\n")
        let result = try cli.run(["up"])
        #expect(result.status == 1 || result.status == 2, "\(result)")
        #expect(result.stderr.contains("001_t.sql:3") && result.stderr.contains("down section"), "\(result)")
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] is NSNull, "nothing applied: \(status)")
    }
}

/// Servers that are not ClickHouse, or do not answer, on a ClickHouse URL.
@Suite("strata command: what answers on a ClickHouse URL")
struct CLIForeignServerTests {
    /// Runs a small Python server on a free port for the duration of `body`. The server is
    /// started through a shell that leaves it running in the background (so it is not a child
    /// of the test process, whose wait for the `strata` it runs next it would otherwise
    /// disturb), writes its port to a file, and is killed by its process id afterwards.
    func withServer<T>(_ program: String, _ body: (Int) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("server.py"), portFile = folder.appendingPathComponent("port")
        try Data(program.utf8).write(to: script)
        let starter = Process()
        starter.executableURL = URL(fileURLWithPath: "/bin/sh")
        starter.arguments = ["-c", "python3 \"$0\" \"$1\" </dev/null >/dev/null 2>&1 & echo $!", script.path, portFile.path]
        let pidPipe = Pipe()
        starter.standardOutput = pidPipe
        try starter.run()
        let pidText = String(decoding: pidPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        starter.waitUntilExit()
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)), "no server pid: \(pidText)")
        defer { kill(pid, SIGKILL) }
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { usleep(25_000) }
        }
        return try body(try #require(port, "the server wrote no port"))
    }

    // Each server first closes what it inherited: a pipe of a test running in parallel,
    // held open by a long-lived server, would keep that test waiting for its end.
    static let webServer = """
        import os; os.closerange(3, 1 << 16)
        import http.server, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = b"<html><body>Not Found</body></html>"
                self.send_response(404); self.send_header("Content-Type", "text/html"); self.send_header("Content-Length", str(len(body)))
                self.end_headers(); self.wfile.write(body)
            def log_message(self, *a): pass
        s = http.server.HTTPServer(("127.0.0.1", 0), H)
        open(sys.argv[1] + ".tmp", "w").write(str(s.server_port)); os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        s.serve_forever()
        """

    static let silentServer = """
        import os; os.closerange(3, 1 << 16)
        import socket, sys
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
        open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1])); os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        held = []
        while True:
            c, _ = s.accept(); held.append(c)
        """

    @Test("a web server on the port is named as not ClickHouse, with exit 6, not a page of HTML")
    func webServer() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try withServer(Self.webServer) { port in
            let result = try cli.run(["status", "--url", "clickhouse://127.0.0.1:\(port)/default"])
            #expect(result.status == 6, "\(result)")
            #expect(result.stderr.contains("does not look like ClickHouse's HTTP interface"), "\(result)")
            #expect(!result.stderr.contains("<html>") || result.stderr.count < 600, "\(result)")
        }
    }

    @Test("a server that takes the connection and never answers is given up on within the query timeout, with exit 6")
    func silentServer() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try withServer(Self.silentServer) { port in
            let result = try cli.run(["status", "--url", "clickhouse://127.0.0.1:\(port)/default?connect_timeout=1&query_timeout=1"])
            #expect(result.status == 6, "\(result)")
            #expect(result.stderr.contains("sent no answer within 2 seconds"), "\(result)")
        }
    }
}
