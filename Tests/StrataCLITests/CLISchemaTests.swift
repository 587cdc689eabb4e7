import Foundation
import StrataDuckDB
import Testing

@Suite("strata dump, check and verify")
struct CLISchemaTests {
    let prices = "-- migrate:up\nCREATE TABLE prices (symbol VARCHAR NOT NULL, day DATE, close DOUBLE);\n-- migrate:down\nDROP TABLE prices;\n"
    let index = "-- migrate:up\nCREATE INDEX prices_symbol ON prices (symbol);\nCREATE VIEW latest AS SELECT symbol, max(day) AS day FROM prices GROUP BY symbol;\n-- migrate:down\nDROP VIEW latest;\nDROP INDEX prices_symbol;\n"

    func folder() throws -> CLI {
        let cli = try CLI()
        try cli.write("001_prices.sql", prices)
        try cli.write("002_symbol_index.sql", index)
        return cli
    }

    /// `strata ARGS --dir migrations`, without a database URL.
    func offline(_ cli: CLI, _ arguments: [String]) throws -> CLI.Result {
        try cli.run(arguments + ["--dir", cli.migrations.path], addConnection: false)
    }

    func schemaFile(_ cli: CLI) -> URL { cli.directory.appendingPathComponent("schema.sql") }

    func execute(_ cli: CLI, _ sql: String) async throws {
        try await DuckDBDatabase.withDatabase(path: cli.databasePath) { database in
            try await database.withConnection { connection in
                try await connection.withSession { try $0.execute(sql) }
            }
        }
    }

    @Test("check passes on a clean state, with the live database and without one (CI)")
    func cleanCheck() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let dumped = try offline(cli, ["dump", "--from-migrations", "--output", schemaFile(cli).path])
        #expect(dumped.status == 0, "\(dumped)")
        #expect(try cli.run(["up"]).status == 0)
        let live = try cli.run(["check"])
        #expect(live.status == 0, "\(live)")
        #expect(live.stdout.contains("check passed."))
        let ci = try offline(cli, ["check"])
        #expect(ci.status == 0, "\(ci)")
        #expect(ci.stdout.contains("(no live database)") && ci.stdout.contains("skipped"))
        #expect(try cli.run(["check", "--url", "duckdb::memory:"]).status == 0, "an in-memory URL is no live database")
    }

    @Test("a column added to the schema file without a migration makes check exit 7, naming the column")
    func columnInSchemaFile() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        #expect(try offline(cli, ["dump", "--from-migrations", "--output", schemaFile(cli).path]).status == 0)
        let text = try String(contentsOf: schemaFile(cli), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "    \"close\" DOUBLE\n", with: "    \"close\" DOUBLE,\n    volume BIGINT\n").utf8).write(to: schemaFile(cli))
        let check = try offline(cli, ["check"])
        #expect(check.status == 7, "\(check)")
        #expect(check.stdout.contains("schema.sql is not what the migrations produce: table prices changed (volume)."))
        #expect(check.stdout.contains("+     volume BIGINT"))
        let json = try #require(try CLI.json(try offline(cli, ["check", "--json"])) as? [String: Any])
        #expect(json["passed"] as? Bool == false && json["exit_code"] as? Int == 7)
        let finding = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(finding["kind"] as? String == "schema_file_differs")
        let difference = try #require((finding["differences"] as? [[String: Any]])?.first)
        #expect(difference["name"] as? String == "prices" && difference["members"] as? [String] == ["volume"])
    }

    @Test("a column added to the live database by hand makes check exit 7, naming the column")
    func columnAddedByHand() async throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        #expect(try offline(cli, ["dump", "--from-migrations", "--output", schemaFile(cli).path]).status == 0)
        #expect(try cli.run(["up"]).status == 0)
        try await execute(cli, "ALTER TABLE prices ADD COLUMN volume BIGINT")
        let check = try cli.run(["check"])
        #expect(check.status == 7, "\(check)")
        #expect(check.stdout.contains("live_schema_differs: The live database's schema is not what its applied migrations produce (changed by hand?): table prices changed (volume)."))
        #expect(check.stdout.contains("ok       schema file"), "the schema file still matches the migrations")
    }

    @Test("pending migrations make check exit 3, and an edited applied migration exit 5 naming the file")
    func pendingAndEdited() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        #expect(try offline(cli, ["dump", "--from-migrations", "--output", schemaFile(cli).path]).status == 0)
        #expect(try cli.run(["up", "--to", "1"]).status == 0)
        let pending = try cli.run(["check"])
        #expect(pending.status == 3, "\(pending)")
        #expect(pending.stdout.contains("1 migration is not applied to the database: 002_symbol_index.sql."))
        try cli.write("001_prices.sql", prices.replacingOccurrences(of: "close DOUBLE", with: "close DOUBLE, open DOUBLE"))
        let edited = try cli.run(["check", "--no-schema-file"])
        #expect(edited.status == 5, "\(edited)")
        #expect(edited.stdout.contains("edited_migration: 001_prices.sql was edited after it was applied"))
    }

    @Test("check without a schema file says how to write one; --schema names another file")
    func missingSchemaFile() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        let missing = try offline(cli, ["check"])
        #expect(missing.status == 7, "\(missing)")
        #expect(missing.stdout.contains("strata dump --from-migrations --output"))
        let other = cli.directory.appendingPathComponent("db.sql").path
        #expect(try offline(cli, ["dump", "--from-migrations", "--output", other]).status == 0)
        #expect(try offline(cli, ["check", "--schema", other]).status == 0)
        #expect(try offline(cli, ["check", "--schema", other + ".nope"]).status == 2)
    }

    @Test("verify fails with exit 7 when a down section forgets to drop an index, naming the migration and the index")
    func verifyForgottenIndex() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        try cli.write("002_symbol_index.sql", index.replacingOccurrences(of: "DROP INDEX prices_symbol;\n", with: ""))
        try cli.write("003_irreversible.sql", "-- migrate:up\nINSERT INTO prices VALUES ('ACME', DATE '2026-01-02', 1.5);\n")
        let verify = try offline(cli, ["verify"])
        #expect(verify.status == 7, "\(verify)")
        #expect(verify.stdout.contains("002_symbol_index.sql: the down section does not restore the schema as it was before the up section: index prices_symbol left behind."))
        #expect(verify.stdout.contains("index prices_symbol: left behind by the down section"))
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), "verify works on a scratch database")
        let json = try #require(try CLI.json(try offline(cli, ["verify", "--json"])) as? [String: Any])
        let failure = try #require(json["failure"] as? [String: Any])
        #expect(failure["version"] as? Int == 2 && failure["kind"] as? String == "down_does_not_restore")
    }

    @Test("verify passes reversible migrations and lists irreversible ones without failing")
    func verifyPasses() throws {
        let cli = try folder()
        defer { cli.cleanUp() }
        try cli.write("003_irreversible.sql", "-- migrate:up\nINSERT INTO prices VALUES ('ACME', DATE '2026-01-02', 1.5);\n")
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.contains("irreversible  003_irreversible.sql"))
        #expect(verify.stdout.contains("verify passed: 2 migrations rolled back and re-applied cleanly, 1 irreversible."))
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), "a DuckDB URL is not opened by verify")
    }

    @Test("dump is byte-identical for two databases built by the same migrations in other orders, on standard output and in a file")
    func dumpOrderIndependent() throws {
        let one = try CLI()
        let other = try CLI()
        defer { one.cleanUp(); other.cleanUp() }
        try one.write("001_base.sql", """
            -- migrate:up
            CREATE SEQUENCE ids;
            CREATE TABLE prices (id BIGINT DEFAULT nextval('ids'), symbol VARCHAR);
            CREATE TABLE trades (symbol VARCHAR, qty INTEGER);
            CREATE INDEX trades_symbol ON trades (symbol);
            CREATE MACRO twice(x) AS x * 2;
            CREATE VIEW symbols AS SELECT DISTINCT symbol FROM prices;
            """)
        try other.write("001_base.sql", """
            -- migrate:up
            CREATE MACRO twice(x) AS x*2;
            CREATE TABLE trades (symbol VARCHAR, qty INTEGER);
            CREATE SEQUENCE ids;
            CREATE TABLE prices (id BIGINT DEFAULT nextval('ids'), symbol VARCHAR);
            CREATE VIEW symbols AS SELECT DISTINCT symbol FROM prices;
            create index trades_symbol on trades(symbol);
            """)
        #expect(try one.run(["up"]).status == 0)
        #expect(try other.run(["up"]).status == 0)
        let first = try one.run(["dump"])
        let second = try other.run(["dump"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasPrefix("-- Strata schema dump (DuckDB)"))
        let file = one.directory.appendingPathComponent("out.sql")
        #expect(try one.run(["dump", "--output", file.path]).status == 0)
        #expect(try Data(contentsOf: file) == Data(first.stdout.utf8))
        #expect(try offline(one, ["dump"]).status == 2, "dump needs a URL unless --from-migrations")
    }
}
