import Foundation
import StrataClickHouse
import StrataTestSupport
import Testing

@Suite("strata command: ClickHouse")
struct CLIClickHouseTests {
    /// A URL without the password, and a file holding it.
    func connection(_ configuration: ClickHouseConfiguration, _ cli: CLI) throws -> [String] {
        let passwordFile = cli.directory.appendingPathComponent("password").path
        try Data(configuration.password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        return ["--url", "clickhouse://\(configuration.user)@\(configuration.host):\(configuration.port)/\(configuration.database)",
                "--password-file", passwordFile]
    }

    @Test("up, status, history and ensure work on ClickHouse, with the password from a file and never printed")
    func commands() async throws {
        try await TestClickHouse.withDatabase(user: "strata") { configuration in
            let cli = try CLI()
            defer { cli.cleanUp() }
            try cli.write("001_events.sql", "-- migrate:up\nCREATE TABLE events (ts DateTime, id UInt64) ENGINE = MergeTree ORDER BY (ts, id);\n-- migrate:down\nDROP TABLE events;\n")
            try cli.write("002_kinds.sql", "-- migrate:up\nALTER TABLE events ADD COLUMN kind String DEFAULT 'x';\n-- migrate:down\nALTER TABLE events DROP COLUMN kind;\n")
            let url = try connection(configuration, cli)
            let up = try cli.run(["up"] + url)
            #expect(up.status == 0, "\(up)")
            let status = try #require(try CLI.json(try cli.run(["status", "--json"] + url)) as? [String: Any])
            #expect(status["current_version"] as? Int == 2)
            #expect((status["engine_version"] as? String)?.isEmpty == false)
            #expect(try cli.run(["ensure", "2"] + url).status == 0)
            let history = try cli.run(["history"] + url)
            #expect(history.stdout.contains("started") && history.stdout.contains("applied"))
            let down = try cli.run(["down"] + url)
            #expect(down.status == 0 && down.stdout.contains("version 1"), "\(down)")
            for result in [up, down, history] {
                #expect(!result.stdout.contains(configuration.password) && !result.stderr.contains(configuration.password))
            }
            let wrong = try cli.run(["status", "--url", "clickhouse://strata:not-it@\(configuration.host):\(configuration.port)/\(configuration.database)"])
            #expect(wrong.status == 6, "\(wrong)")
            #expect(!wrong.stderr.contains("not-it"))
        }
    }

    @Test("a failure at statement 3 of 5 is named by status; up --resume finishes without re-running statements 1 and 2")
    func failureAndResume() async throws {
        try await TestClickHouse.withDatabase { configuration in
            let cli = try CLI()
            defer { cli.cleanUp() }
            try cli.write("001_five.sql", """
                -- migrate:up
                CREATE TABLE audit (n UInt8) ENGINE = MergeTree ORDER BY n;
                INSERT INTO audit VALUES (1);
                INSERT INTO not_yet VALUES (3);
                INSERT INTO audit VALUES (4);
                CREATE TABLE done (x UInt8) ENGINE = MergeTree ORDER BY x;
                """)
            let url = try connection(configuration, cli)
            let up = try cli.run(["up"] + url)
            #expect(up.status == 1, "\(up)")
            #expect(up.stderr.contains("001_five.sql:4") && up.stderr.contains("Statement 3 of 5") && up.stderr.contains("not_yet"))
            #expect(up.stderr.contains("strata up --resume"))
            let status = try cli.run(["status", "--exit-code"] + url)
            #expect(status.status == 5)
            #expect(status.stdout.contains("failed at statement 3") && status.stdout.contains("Code: 60"), "\(status)")
            #expect(try cli.run(["up"] + url).status == 5, "a plain up refuses to continue past the failure")

            try cli.write("001_five.sql", """
                -- migrate:up
                CREATE TABLE audit (n UInt8) ENGINE = MergeTree ORDER BY n;
                INSERT INTO audit VALUES (1);
                INSERT INTO audit VALUES (3);
                INSERT INTO audit VALUES (4);
                CREATE TABLE done (x UInt8) ENGINE = MergeTree ORDER BY x;
                """)
            let resumed = try cli.run(["up", "--resume"] + url)
            #expect(resumed.status == 0, "\(resumed)")
            #expect(resumed.stdout.contains("from statement 3"))
            let rows = try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                try await client.query("SELECT n FROM audit ORDER BY n").rows.compactMap { $0.first?.int64 }
            }
            #expect(rows == [1, 3, 4], "statement 2 ran once")
            #expect(try cli.run(["status", "--exit-code"] + url).status == 0)
        }
    }

    @Test("up --rehearse on ClickHouse stops a migration that refers to a missing table before anything runs")
    func rehearsal() async throws {
        try await TestClickHouse.withDatabase { configuration in
            let cli = try CLI()
            defer { cli.cleanUp() }
            try cli.write("001_events.sql", "-- migrate:up\nCREATE TABLE events (ts DateTime, id UInt64) ENGINE = MergeTree ORDER BY (ts, id);\n")
            let url = try connection(configuration, cli)
            #expect(try cli.run(["up"] + url).status == 0)
            try cli.write("002_audit.sql", "-- migrate:up\nCREATE TABLE audit (id UInt64) ENGINE = MergeTree ORDER BY id;\nINSERT INTO audit SELECT id FROM events;\nINSERT INTO audit_archive SELECT id FROM events;\n")
            let before = try cli.run(["history", "--json"] + url).stdout
            let up = try cli.run(["up", "--rehearse"] + url)
            #expect(up.status == 1, "\(up)")
            #expect(up.stderr.contains("Rehearsal failed: statement 3 of 3") && up.stderr.contains("002_audit.sql:4") && up.stderr.contains("audit_archive"), "\(up)")
            #expect(try cli.run(["history", "--json"] + url).stdout == before, "no started event: the real database was not touched")
            let tables = try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                try await client.query("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name").rows.compactMap { $0.first?.string }
            }
            #expect(!tables.contains("audit"))
        }
    }
}
