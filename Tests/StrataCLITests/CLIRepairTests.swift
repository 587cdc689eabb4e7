import Foundation
import StrataDuckDB
import Testing

@Suite("strata command: validate, repair, baseline")
struct CLIRepairTests {
    let one = "-- migrate:up\nCREATE TABLE one (x INTEGER);\n-- migrate:down\nDROP TABLE one;\n"
    let two = "-- migrate:up\nCREATE TABLE two (x INTEGER);\n-- migrate:down\nDROP TABLE two;\n"

    func lastEvent(_ cli: CLI) throws -> [String: Any] {
        try #require((try CLI.json(try cli.run(["history", "--json"])) as? [[String: Any]])?.last)
    }

    @Test("validate fails on an edited file; repair --accept-checksum records who and why, and validate passes again")
    func acceptChecksum() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_one.sql", one)
        #expect(try cli.run(["up"]).status == 0)
        #expect(try cli.run(["validate"]).status == 0)
        try cli.write("001_one.sql", one.replacingOccurrences(of: "(x INTEGER)", with: "(x INTEGER) -- reviewed"))
        let invalid = try cli.run(["validate"])
        #expect(invalid.status == 5 && invalid.stdout.contains("001_one.sql: edited after it was applied"), "\(invalid)")
        let noNote = try cli.run(["repair", "--accept-checksum", "1"])
        #expect(noNote.status == 2, "a repair needs --note: \(noNote)")
        let repaired = try cli.run(["repair", "--accept-checksum", "1", "--note", "comment added in review"])
        #expect(repaired.status == 0, "\(repaired)")
        let event = try lastEvent(cli)
        #expect(event["event"] as? String == "checksum_accepted")
        #expect(event["note"] as? String == "comment added in review")
        #expect((event["applied_by"] as? String)?.contains("@") == true)
        #expect(try cli.run(["validate"]).status == 0)
        #expect(try cli.run(["up"]).status == 0)
    }

    @Test("repair --forget removes an applied migration whose file is gone, and only such a one")
    func forget() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_one.sql", one)
        try cli.write("002_two.sql", two)
        try cli.run(["up"])
        #expect(try cli.run(["repair", "--forget", "2", "--note", "x"]).status == 2, "the file is still there")
        try cli.remove("002_two.sql")
        let validate = try cli.run(["validate", "--json"])
        #expect(validate.status == 5)
        #expect(((try CLI.json(validate) as? [String: Any])?["missing"] as? [Any])?.count == 1)
        #expect(try cli.run(["repair", "--forget", "2", "--note", "moved to another repository"]).status == 0)
        #expect(try lastEvent(cli)["event"] as? String == "forgotten")
        #expect(try cli.run(["validate"]).status == 0)
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] as? Int == 1)
    }

    /// A DuckDB migration outside a transaction that fails at its second statement.
    func failedMigration(_ cli: CLI) throws {
        try cli.write("001_one.sql", one)
        try cli.write("002_half.sql", "-- migrate:up transaction:false\nCREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n-- migrate:down\nDROP TABLE IF EXISTS half;\n")
        let up = try cli.run(["up"])
        #expect(up.status == 1, "\(up)")
        #expect(up.stderr.contains("Statement 1 completed and stays applied"), "\(up)")
        #expect(try cli.run(["status", "--exit-code"]).status == 5)
    }

    @Test("repair --resolved counts a failed migration as applied")
    func resolved() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try failedMigration(cli)
        #expect(try cli.run(["repair", "--resolved", "1", "--note", "x"]).status == 2, "version 1 did not fail")
        let repaired = try cli.run(["repair", "--resolved", "2", "--note", "inserted by hand"])
        #expect(repaired.status == 0, "\(repaired)")
        #expect(try lastEvent(cli)["event"] as? String == "resolved")
        let status = try #require(try CLI.json(try cli.run(["status", "--json"])) as? [String: Any])
        #expect(status["current_version"] as? Int == 2)
        #expect(try cli.run(["status", "--exit-code"]).status == 0)
    }

    @Test("repair --rolled-back counts a failed migration as not applied, and up applies it afresh")
    func rolledBack() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try failedMigration(cli)
        try cli.run(["down"])  // refused: a failed migration waits for a decision
        let repaired = try cli.run(["repair", "--rolled-back", "2", "--note", "dropped table half by hand"])
        #expect(repaired.status == 0, "\(repaired)")
        #expect(try lastEvent(cli)["event"] as? String == "marked_rolled_back")
        #expect(try cli.run(["status", "--exit-code"]).status == 3, "pending again")
    }

    @Test("baseline adopts a database built before Strata, then up applies only what is newer; a second baseline is refused")
    func baseline() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("001_one.sql", one)
        try cli.write("002_two.sql", two)
        try cli.write("003_three.sql", "-- migrate:up\nCREATE TABLE three (x INTEGER);\n")
        try await DuckDBDatabase.withDatabase(path: cli.databasePath) { database in
            try await database.withConnection { connection in
                try await connection.withSession { session in
                    try session.execute("CREATE TABLE one (x INTEGER); CREATE TABLE two (x INTEGER);")
                }
            }
        }
        let baseline = try cli.run(["baseline", "2", "--note", "built by the old scripts"])
        #expect(baseline.status == 0, "\(baseline)")
        let history = try #require(try CLI.json(try cli.run(["history", "--json"])) as? [[String: Any]])
        #expect(history.map { $0["event"] as? String } == ["baseline", "baseline"])
        #expect(history.allSatisfy { $0["note"] as? String == "built by the old scripts" })
        let up = try cli.run(["up"])
        #expect(up.status == 0 && up.stdout.contains("Applied 1 migration"), "\(up)")
        let again = try cli.run(["baseline", "3"])
        #expect(again.status == 2 && again.stderr.contains("History already has"), "\(again)")
    }
}
