import Foundation
import Testing

@Suite("strata command")
struct CLICommandTests {
    let prices = "-- description: Prices\n-- migrate:up\nCREATE TABLE prices (symbol VARCHAR NOT NULL, day DATE, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n"
    let index = "-- migrate:up\nCREATE INDEX prices_symbol ON prices (symbol);\n-- migrate:down\nDROP INDEX prices_symbol;\n"
    let view = "-- migrate:up\nCREATE VIEW latest AS SELECT symbol, max(day) AS day FROM prices GROUP BY symbol;\n-- migrate:down\nDROP VIEW latest;\n"

    func folder() throws -> CLI {
        let cli = try CLI()
        try cli.write("001_prices.sql", prices)
        try cli.write("002_symbol_index.sql", index)
        try cli.write("003_latest.sql", view)
        return cli
    }

    @Test("up applies every migration and status shows each applied with duration and checksum")
    func upThenStatus() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let up = try cli.run(["up"])
        #expect(up.status == 0, "\(up)")
        #expect(up.stdout.contains("Applied 3 migrations; the database is at version 3."))
        let status = try cli.run(["status", "--json"])
        #expect(status.status == 0, "\(status)")
        let object = try #require(try CLI.json(status) as? [String: Any])
        #expect(object["current_version"] as? Int == 3)
        let rows = try #require(object["migrations"] as? [[String: Any]])
        #expect(rows.map { $0["state"] as? String } == ["applied", "applied", "applied"])
        #expect(rows.allSatisfy { ($0["checksum"] as? String)?.count == 64 && $0["execution_ms"] is Double || $0["execution_ms"] is Int })
        #expect(rows.allSatisfy { ($0["applied_at"] as? String)?.hasSuffix("Z") == true })
        let human = try cli.run(["status"])
        #expect(human.stdout.contains("VERSION") && human.stdout.contains("3 applied"), "\(human)")
    }

    @Test("status of a new database reports null as current version and everything pending, without creating the file")
    func statusOfNothing() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let status = try cli.run(["status", "--json"])
        let object = try #require(try CLI.json(status) as? [String: Any])
        #expect(object["current_version"] is NSNull)
        #expect((object["migrations"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "pending" } == true)
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath))
        #expect(try cli.run(["status", "--exit-code"]).status == 3)
    }

    @Test("down then up again restores the same state")
    func downThenUp() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        try cli.run(["up"])
        let down = try cli.run(["down", "--steps", "2"])
        #expect(down.status == 0, "\(down)")
        #expect(down.stdout.contains("Rolled back 2 migrations; the database is at version 1."))
        let after = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(after["current_version"] as? Int == 1)
        let up = try cli.run(["up"])
        #expect(up.status == 0, "\(up)")
        let history = try #require(try CLI.json(try cli.run(["history", "--json"])) as? [[String: Any]])
        #expect(history.map { $0["event"] as? String } == ["applied", "applied", "applied", "rolled_back", "rolled_back", "applied", "applied"])
        #expect(history.allSatisfy { ($0["applied_by"] as? String)?.contains("@") == true })
        let all = try cli.run(["down", "--to", "0"])
        #expect(all.status == 0 && all.stdout.contains("no version"), "\(all)")
    }

    @Test("up --to stops at a version, and --dry-run changes nothing")
    func targetAndDryRun() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let dry = try cli.run(["up", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("Would apply 3 migrations"), "\(dry)")
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath))
        let to = try cli.run(["up", "--to", "2"])
        #expect(to.status == 0 && to.stdout.contains("version 2"), "\(to)")
        #expect(try cli.run(["status", "--exit-code"]).status == 3)
    }

    @Test("ensure exits 0 at the version and 4 when the database is behind or ahead")
    func ensure() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let behind = try cli.run(["ensure", "3"])
        #expect(behind.status == 4, "\(behind)")
        #expect(behind.stderr.contains("behind"))
        try cli.run(["up", "--to", "2"])
        #expect(try cli.run(["ensure", "2"]).status == 0)
        let stillBehind = try cli.run(["ensure", "3"])
        #expect(stillBehind.status == 4 && stillBehind.stderr.contains("pending: 3"), "\(stillBehind)")
        let ahead = try cli.run(["ensure", "1"])
        #expect(ahead.status == 4 && ahead.stderr.contains("ahead"), "\(ahead)")
    }

    @Test("new writes the next numbered file with up and down sections")
    func new() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let result = try cli.run(["new", "Add Volume Column"])
        #expect(result.status == 0, "\(result)")
        let path = cli.migrations.appendingPathComponent("004_add_volume_column.sql").path
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("-- migrate:up") && text.contains("-- migrate:down") && text.contains("-- description: Add volume column"))
        let variant = try cli.run(["new", "events", "--engine", "clickhouse"])
        #expect(variant.stdout.contains("005_events.clickhouse.sql"), "\(variant)")
    }

    @Test("history prints every event as a table")
    func historyTable() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        try cli.run(["up"])
        let history = try cli.run(["history"])
        #expect(history.status == 0)
        #expect(history.stdout.contains("WHEN (UTC)") && history.stdout.contains("symbol_index") && history.stdout.contains("applied"))
    }

    @Test("takes the URL from DATABASE_URL when --url is not given")
    func databaseURLVariable() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let result = try cli.run(["up", "--dir", cli.migrations.path], environment: ["DATABASE_URL": cli.url], addConnection: false)
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: cli.databasePath))
    }
}
