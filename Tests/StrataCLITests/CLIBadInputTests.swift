import Foundation
import Testing

@Suite("strata command: bad input")
struct CLIBadInputTests {
    /// A folder with one applied migration, so there is a database whose state can be compared.
    func applied() throws -> CLI {
        let cli = try CLI()
        try cli.write("001_base.sql", "-- migrate:up\nCREATE TABLE base (x INTEGER);\n-- migrate:down\nDROP TABLE base;\n")
        let up = try cli.run(["up"])
        #expect(up.status == 0, "\(up)")
        return cli
    }

    func snapshot(_ cli: CLI) throws -> String {
        try cli.run(["history", "--json"]).stdout
    }

    static let badFiles: [(name: String, text: [UInt8], expect: [String])] = [
        ("2_Bad-Name.sql", Array("-- migrate:up\nSELECT 1;\n".utf8), ["2_Bad-Name.sql", "001_create_prices.sql"]),
        ("002_empty.sql", [], ["002_empty.sql", "empty"]),
        ("002_no_up.sql", Array("CREATE TABLE x (y INTEGER);\n".utf8), ["002_no_up.sql", "-- migrate:up"]),
        ("002_directive.sql", Array("-- migrate:up\nCREATE TABLE x (y INTEGER);\n-- migrate:rollback\nDROP TABLE x;\n".utf8),
         ["002_directive.sql:3", "-- migrate:rollback"]),
        ("002_latin1.sql", Array("-- migrate:up\nINSERT INTO base VALUES (1); -- M".utf8) + [0xFC] + Array("nchen\n".utf8),
         ["002_latin1.sql:2", "UTF-8"]),
        ("001_again.sql", Array("-- migrate:up\nSELECT 1;\n".utf8), ["001_again.sql", "001_base.sql", "version 1"]),
    ]

    @Test("refuses a bad migration file, naming it and what to do, and changes nothing",
          arguments: 0..<badFiles.count)
    func badFile(_ index: Int) throws {
        let bad = Self.badFiles[index]
        let cli = try applied()
        defer { cli.cleanUp() }
        let before = try snapshot(cli)
        try cli.writeBytes(bad.name, bad.text)
        for command in [["up"], ["status"], ["down"]] {
            let result = try cli.run(command)
            #expect(result.status == 2, "\(command): \(result)")
            for fragment in bad.expect {
                #expect(result.stderr.contains(fragment), "\(command) should mention \(fragment): \(result)")
            }
        }
        try cli.remove(bad.name)
        #expect(try snapshot(cli) == before)
    }

    @Test("refuses a URL that is neither DuckDB nor ClickHouse, without printing its password")
    func badURL() throws {
        let cli = try applied()
        defer { cli.cleanUp() }
        let result = try cli.run(["status", "--url", "postgres://admin:hunter2@db:5432/app"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("neither a DuckDB nor a ClickHouse URL"))
        #expect(result.stderr.contains("duckdb:data/app.duckdb"))
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
    }

    @Test("a statement failing mid-migration rolls back the migration and its history row, quoting DuckDB and the statement")
    func failingStatement() throws {
        let cli = try applied()
        defer { cli.cleanUp() }
        let before = try snapshot(cli)
        try cli.write("002_half.sql", "-- migrate:up\nCREATE TABLE half (x INTEGER);\nINSERT INTO half VALUES (1);\nINSERT INTO nowhere VALUES (2);\nCREATE TABLE never (x INTEGER);\n")
        let rehearsed = try cli.run(["up"])
        #expect(rehearsed.status == 1 && rehearsed.stderr.contains("Rehearsal failed: statement 3 of 4"), "caught by the rehearsal first: \(rehearsed)")
        #expect(try snapshot(cli) == before)
        let result = try cli.run(["up", "--no-rehearse"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("002_half.sql:4"), "\(result)")
        #expect(result.stderr.contains("Statement 3 of 4"))
        #expect(result.stderr.contains("the whole migration rolled back and nothing was recorded"))
        #expect(result.stderr.contains("INSERT INTO nowhere VALUES (2)"))
        #expect(result.stderr.contains("Catalog Error") && result.stderr.contains("nowhere"))
        #expect(try snapshot(cli) == before)
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] as? Int == 1)
        try cli.write("002_half.sql", "-- migrate:up\nCREATE TABLE half (x INTEGER);\nINSERT INTO half VALUES (1);\n")
        let fixed = try cli.run(["up"])
        #expect(fixed.status == 0, "the fixed migration applies from scratch: \(fixed)")
    }

    @Test("an edited migration blocks up with exit 5 and says how to accept it")
    func edited() throws {
        let cli = try applied()
        defer { cli.cleanUp() }
        try cli.write("001_base.sql", "-- migrate:up\nCREATE TABLE base (x BIGINT);\n-- migrate:down\nDROP TABLE base;\n")
        let result = try cli.run(["up"])
        #expect(result.status == 5, "\(result)")
        #expect(result.stderr.contains("001_base.sql was edited after it was applied"))
        #expect(try cli.run(["status", "--exit-code"]).status == 5)
        #expect(try cli.run(["ensure", "1"]).stderr.contains("edited"))
    }

    @Test("a usage error exits 2")
    func usage() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["down", "--steps", "1", "--to", "0"]).status == 2)
        #expect(try cli.run(["sideways"], addConnection: false).status == 2)
        #expect(try cli.run(["up", "--to", "v3"]).status == 2)
    }
}
