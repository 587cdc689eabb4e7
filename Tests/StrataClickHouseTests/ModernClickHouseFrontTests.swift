import Foundation
import StrataTestSupport
import Strata
import StrataClickHouse
import Testing

/// Strata's ClickHouse client and driver on a ClickHouse 26.9 engine: chDB behind the
/// loopback front of `scripts/chdb/` (``TestModernClickHouse``). The engine's SQL and error
/// texts are real; the HTTP layer is the front's, so these tests also pin down the front's
/// promises (no setting or database leaks between requests, one statement per request).
@Suite("ClickHouse 26.9 front")
struct ModernClickHouseFrontTests {
    @Test("reports a 26.x version, through SELECT version() and in the start script's env")
    func reportsA26Version() async throws {
        let server = try await TestModernClickHouse.shared()
        #expect(server.version.hasPrefix("26."), "CLICKHOUSE_VERSION=\(server.version)")
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let version = try await client.serverVersion()
                #expect(version >= ClickHouseServerVersion(major: 26, minor: 0))
                #expect(version < ClickHouseServerVersion(major: 27, minor: 0))
                #expect(version.description.hasPrefix(server.version))
            }
        }
    }

    @Test("returns the rows of a query, by name and type")
    func returnsRows() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                try await client.execute("CREATE TABLE events (id UInt64, kind String) ENGINE = MergeTree ORDER BY id")
                try await client.execute("INSERT INTO events VALUES (1, 'signup'), (2, 'it''s; fine')")
                let rows = try await client.query("SELECT id, kind FROM events ORDER BY id")
                #expect(rows.column("id").compactMap(\.int64) == [1, 2])
                #expect(rows.column("kind").compactMap(\.string) == ["signup", "it's; fine"])
                #expect(try await client.query("SELECT engine FROM system.databases WHERE name = currentDatabase()").scalar?.string == "Atomic")
            }
        }
    }

    @Test("hands back a syntax error as code 62, status 400, with the engine's text whole")
    func syntaxError() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute("SELEC 1") }
                #expect(error?.code == 62)
                #expect(error?.status == 400)
                #expect(error?.name == "SYNTAX_ERROR")
                #expect(error?.message.hasPrefix("Code: 62. DB::Exception: Syntax error: failed at position 1 (SELEC)") == true, "\(error?.message ?? "")")
                #expect(error?.message.hasSuffix("(SYNTAX_ERROR) (version 26.9.2.1)") == true, "\(error?.message ?? "")")
            }
        }
    }

    @Test("hands back an unknown table as code 60, status 404")
    func unknownTable() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.query("SELECT * FROM no_such_table") }
                #expect(error?.code == 60)
                #expect(error?.status == 404)
                #expect(error?.isUnknownTable == true)
                #expect(error?.name == "UNKNOWN_TABLE")
                #expect(error?.message.contains("no_such_table") == true, "\(error?.message ?? "")")
            }
        }
    }

    @Test("applies a setting to its own request only, whether sent as a parameter or as SET")
    func settingsDoNotLeak() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let setting = "SELECT getSetting('max_block_size') AS value"
                let byDefault = try await client.query(setting).scalar?.int64
                #expect(byDefault != nil && byDefault != 1234)
                #expect(try await client.query(setting, settings: ["max_block_size": "1234"]).scalar?.int64 == 1234)
                #expect(try await client.query(setting).scalar?.int64 == byDefault, "the parameter did not stay set")
                try await client.execute("SET max_block_size = 4321")
                #expect(try await client.query(setting).scalar?.int64 == byDefault, "the SET did not stay set")

                let unknown = await #expect(throws: ClickHouseServerError.self) {
                    try await client.query("SELECT 1", settings: ["no_such_setting_at_all": "1"])
                }
                #expect(unknown?.code == 115)
                #expect(unknown?.status == 404)
                #expect(unknown?.message.contains("no_such_setting_at_all") == true)
                #expect(try await client.query("SELECT 1").scalar?.int64 == 1, "the session still works after the refusal")
            }
        }
    }

    @Test("runs each request in its own database, and none leaks into the next")
    func databaseDoesNotLeak() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            var noDatabase = configuration
            noDatabase.database = ""  // no `database` parameter worth the name: the server's default
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                #expect(try await client.query("SELECT currentDatabase()").scalar?.string == configuration.database)
                try await client.execute("USE system")
            }
            try await ClickHouseClient.withClient(configuration: noDatabase, logger: .test) { client in
                let current = try await client.query("SELECT currentDatabase()").scalar?.string
                #expect(current == "default")
            }
            var missing = configuration
            missing.database = "no_such_database_here"
            try await ClickHouseClient.withClient(configuration: missing, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.query("SELECT 1") }
                #expect(error?.code == 81)
                #expect(error?.isUnknownDatabase == true)
                #expect(error?.status == 404)
            }
        }
    }

    @Test("refuses two statements in one request with code 62, as a server does", arguments: [
        "SELECT 1; SELECT 2",
        "SELECT 1;\nSELECT 2;",
        "SELECT ';'; SELECT 2",
        "CREATE TABLE never_made (x UInt8) ENGINE = Memory; SELECT 2",
    ])
    func refusesMultiStatements(_ sql: String) async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute(sql) }
                #expect(error?.code == 62)
                #expect(error?.status == 400)
                #expect(error?.message.contains("Multi-statements are not allowed") == true, "\(error?.message ?? "")")
                let made = try await client.query("EXISTS TABLE never_made").scalar?.int64
                #expect(made == 0, "nothing ran")
            }
        }
    }

    @Test("takes one statement with a trailing ; or with ; inside strings, comments and heredocs", arguments: [
        ("SELECT 'a' AS v;", "a"),
        ("SELECT ';' AS v", ";"),
        ("SELECT 'x' AS v # ; not a statement\n", "x"),
        ("SELECT 'y' AS v -- ; not a statement\n;", "y"),
        ("SELECT /* ; */ 'z' AS v", "z"),
        ("SELECT $$a;b$$ AS v", "a;b"),
        ("SELECT `v` FROM (SELECT 'q;' AS `v`)", "q;"),
    ])
    func acceptsOneStatement(_ sql: String, _ expected: String) async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let value = try await client.query(sql).scalar?.string
                #expect(value == expected)
            }
        }
    }

    @Test("runs every statement, in order, with the front's own strata_front_multiquery=1")
    func multiqueryParameter() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                try await client.execute("""
                    CREATE TABLE steps (n UInt8) ENGINE = MergeTree ORDER BY n;
                    INSERT INTO steps VALUES (1);
                    INSERT INTO steps VALUES (2);
                    """, settings: ["strata_front_multiquery": "1"])
                #expect(try await client.query("SELECT n FROM steps ORDER BY n").column("n").compactMap(\.int64) == [1, 2])
            }
        }
    }

    @Test("refuses a user other than default with a modern server's 516, status 403")
    func refusesOtherUsers() async throws {
        let server = try await TestModernClickHouse.shared()
        for (user, password) in [("strata", "strata-secret"), ("default", "not-the-Password-42")] {
            try await ClickHouseClient.withClient(configuration: server.configuration(database: "default", user: user, password: password),
                                                  logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute("SELECT 1") }
                #expect(error?.code == 516)
                #expect(error?.status == 403)
                #expect(error?.name == "AUTHENTICATION_FAILED")
                #expect(error?.isAuthenticationFailure == true)
                #expect(error?.message.hasPrefix("Code: 516. DB::Exception: \(user): Authentication failed: password is incorrect, or there is no user with such name.") == true,
                        "\(error?.message ?? "")")
                #expect(error.map { "\($0)" }?.contains(password) == false)
            }
        }
    }

    @Test("applies two migrations with the ClickHouse driver and the migrator, and reads their status")
    func migratesEndToEnd() async throws {
        let files = [
            ("001_create_events.sql", """
                -- migrate:up
                CREATE TABLE events (id UInt64, kind String) ENGINE = MergeTree ORDER BY id;
                INSERT INTO events VALUES (1, 'signup');
                -- migrate:down
                DROP TABLE events;
                """),
            ("002_add_note.sql", """
                -- migrate:up
                ALTER TABLE events ADD COLUMN note String DEFAULT 'it''s; fine';
                -- migrate:down
                ALTER TABLE events DROP COLUMN note;
                """),
        ]
        let migrations = try MigrationSet(files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: Array($0.1.utf8)) })
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let migrator = Migrator(driver: driver, migrations: migrations, logger: .test)
                let report = try await migrator.migrate()
                #expect(report.currentVersion == MigrationVersion(2))
                #expect(report.steps.map(\.statements) == [2, 1])

                let status = try await migrator.status()
                #expect(status.currentVersion == MigrationVersion(2))
                #expect(status.migrations.map(\.state) == [.applied, .applied])
                #expect(!status.needsAttention)
                let history = try await migrator.history()
                #expect(history.allSatisfy { $0.engineVersion.hasPrefix("26.") }, "\(history.map(\.engineVersion))")
                #expect(try await driver.client.query("SELECT note FROM events").scalar?.string == "it's; fine")

                let again = try await migrator.migrate()
                #expect(again.steps.isEmpty, "nothing left to do")
            }
        }
    }
    @Test("records a failed statement with 26.9's error text and resumes at that statement")
    func failsAndResumes() async throws {
        let files = [
            ("001_backfill.sql", """
                -- migrate:up
                CREATE TABLE audit (step String) ENGINE = MergeTree ORDER BY step;
                INSERT INTO audit SELECT kind FROM staging;
                INSERT INTO audit VALUES ('done');
                """),
        ]
        let migrations = try MigrationSet(files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: Array($0.1.utf8)) })
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let migrator = Migrator(driver: driver, migrations: migrations, logger: .test)
                let error = await #expect(throws: StrataError.self) { try await migrator.migrate() }
                #expect(error?.code == .statementFailed)
                #expect(error?.statement?.index == 2)
                #expect(error?.location == SourceLocation(file: "001_backfill.sql", line: 3))
                #expect(error?.underlying?.hasPrefix("Code: 60. DB::Exception: ") == true, "\(error?.underlying ?? "")")
                #expect(error?.underlying?.contains("staging") == true)
                let failed = try await migrator.history().last
                #expect(failed?.kind == .failed)
                #expect(failed?.failedStatement == 2)
                #expect(failed?.error?.contains("(UNKNOWN_TABLE)") == true, "\(failed?.error ?? "")")

                try await driver.client.execute("CREATE TABLE staging (kind String) ENGINE = MergeTree ORDER BY kind")
                try await driver.client.execute("INSERT INTO staging VALUES ('signup')")
                let resumed = try await migrator.migrate(Planner.UpOptions(resumeFailed: true))
                #expect(resumed.currentVersion == MigrationVersion(1))
                #expect(resumed.steps.first?.statements == 2)
                let steps = try await driver.client.query("SELECT step FROM audit ORDER BY step").column("step").compactMap(\.string)
                #expect(steps == ["done", "signup"])
            }
        }
    }
}
