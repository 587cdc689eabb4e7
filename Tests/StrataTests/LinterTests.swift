import Foundation
import Testing
@testable import Strata

@Suite("Lint")
struct LinterTests {
    func file(_ name: String, _ text: String) throws -> Migration {
        try MigrationFileParser.parse(fileName: name, bytes: Array(text.utf8))
    }

    func findings(_ files: [Migration], _ engine: DatabaseEngine = .duckdb, server: String? = nil) -> [LintFinding] {
        Linter.lint(files, context: LintContext(engine: engine, serverVersion: server))
    }

    @Test("flags SERIAL and JSONB on DuckDB with file, line and a concrete replacement")
    func serialAndJSONB() throws {
        let alerts = try file("003_alerts.sql", "-- migrate:up\nCREATE TABLE alerts (\n    id SERIAL PRIMARY KEY,\n    payload JSONB\n);\n-- migrate:down\nDROP TABLE alerts;\n")
        let result = findings([alerts]).filter { $0.severity == .error }
        #expect(result.map(\.description) == [
            "003_alerts.sql:3: error: DuckDB does not know type SERIAL (column id). Use INTEGER DEFAULT nextval('alerts_id_seq') with CREATE SEQUENCE alerts_id_seq before the table (keeps auto-increment). [duckdb-serial]",
            "003_alerts.sql:4: error: DuckDB does not know type JSONB. Use JSON (keeps the JSON functions). [duckdb-jsonb]",
        ])
        #expect(result.allSatisfy { $0.fixable })
    }

    @Test("a column named like a type is not a type")
    func namesAreNotTypes() throws {
        let m = try file("001_a.sql", "-- migrate:up\nCREATE TABLE shapes (point VARCHAR, path VARCHAR, jsonb VARCHAR);\nSELECT 'SERIAL JSONB MONEY';\n-- migrate:down\nDROP TABLE shapes;\n")
        #expect(findings([m]).filter { $0.severity == .error }.isEmpty)
    }

    @Test("fixes SERIAL with a sequence and JSONB with JSON, in up and down, keeping the rest of the file and its line endings")
    func fixes() throws {
        let text = "-- description: Alerts\r\n-- migrate:up\r\nCREATE TABLE alerts (id BIGSERIAL PRIMARY KEY, payload JSONB, note TEXT);\r\nINSERT INTO alerts (payload) VALUES ('{}'::jsonb);\r\n-- migrate:down\r\nDROP TABLE alerts;\r\n"
        let alerts = try file("003_alerts.sql", text)
        let fix = try #require(try Linter.fix(alerts, fileBytes: Array(text.utf8), in: [alerts], context: LintContext(engine: .duckdb)))
        #expect(fix.fixed == "-- description: Alerts\r\n-- migrate:up\r\nCREATE SEQUENCE IF NOT EXISTS alerts_id_seq;\r\nCREATE TABLE alerts (id BIGINT DEFAULT nextval('alerts_id_seq') PRIMARY KEY, payload JSON, note TEXT);\r\nINSERT INTO alerts (payload) VALUES ('{}'::JSON);\r\n-- migrate:down\r\nDROP TABLE alerts;\r\nDROP SEQUENCE IF EXISTS alerts_id_seq;\r\n")
        let refixed = try file("003_alerts.sql", fix.fixed)
        #expect(findings([refixed]).filter { $0.severity == .error }.isEmpty, "a fixed file lints clean")
        #expect(fix.difference.contains("+ INSERT INTO alerts (payload) VALUES ('{}'::JSON);"))
    }

    @Test("fixes only the files picked, each once, in version order")
    func fixesPicked() throws {
        let texts = ["002_b.sql": "-- migrate:up\nCREATE TABLE b (id SERIAL);\n-- migrate:down\nDROP TABLE b;\n",
                     "001_a.sql": "-- migrate:up\nCREATE TABLE a (doc JSONB);\n-- migrate:down\nDROP TABLE a;\n",
                     "003_c.sql": "-- migrate:up\nCREATE TABLE c (doc JSONB);\n-- migrate:down\nDROP TABLE c;\n"]
        let files = try texts.keys.sorted(by: >).map { try file($0, texts[$0]!) }
        var read: [String] = []
        let fixes = try Linter.fixes(files, context: LintContext(engine: .duckdb), where: { $0.fileName != "002_b.sql" }) {
            read.append($0.fileName)
            return Array(texts[$0.fileName]!.utf8)
        }
        #expect(fixes.map(\.fileName) == ["001_a.sql", "003_c.sql"])
        #expect(read == ["001_a.sql", "003_c.sql"], "a file left alone is not even read")
        #expect(fixes.allSatisfy { $0.fixed.contains(" JSON)") && !$0.fixed.contains("JSONB") })
    }

    @Test("flags PostgreSQL-only statements and types with what DuckDB offers instead")
    func postgresOnly() throws {
        let m = try file("002_pg.sql", """
            -- migrate:up
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
            CREATE TABLE wallets (id INTEGER, balance MONEY, email CITEXT);
            CREATE INDEX CONCURRENTLY wallets_email ON wallets (email);
            CREATE MATERIALIZED VIEW totals AS SELECT sum(balance) FROM wallets;
            GRANT SELECT ON wallets TO analyst;
            -- migrate:down
            DROP TABLE wallets;
            """)
        let rules = findings([m]).filter { $0.severity == .error }.map { "\($0.location.line ?? 0):\($0.rule)" }
        #expect(rules == ["2:duckdb-postgres-statement", "3:duckdb-postgres-type", "3:duckdb-postgres-type", "4:duckdb-postgres-statement",
                          "5:duckdb-postgres-statement", "6:duckdb-postgres-statement"])
    }

    @Test("flags destructive statements unless the file opts in")
    func destructive() throws {
        let drops = "-- migrate:up\nDROP TABLE legacy;\nALTER TABLE prices DROP COLUMN note;\nTRUNCATE events;\n-- migrate:down\nSELECT 1;\n"
        #expect(findings([try file("004_drop.sql", drops)]).filter { $0.rule == "destructive" }.map(\.location.line) == [2, 3, 4])
        let optedIn = try file("004_drop.sql", "-- strata:allow-destructive\n" + drops)
        #expect(findings([optedIn]).filter { $0.rule == "destructive" }.isEmpty)
    }

    @Test("flags a column type that narrows, and not one that widens")
    func narrowing() throws {
        let create = try file("001_t.sql", "-- migrate:up\nCREATE TABLE t (n BIGINT, s VARCHAR(20));\n-- migrate:down\nDROP TABLE t;\n")
        let narrow = try file("002_narrow.sql", "-- migrate:up\nALTER TABLE t ALTER COLUMN n TYPE INTEGER;\n-- migrate:down\nSELECT 1;\n")
        let widen = try file("002_widen.sql", "-- migrate:up\nALTER TABLE t ALTER COLUMN s TYPE VARCHAR(40);\n-- migrate:down\nSELECT 1;\n")
        let narrowed = findings([create, narrow]).filter { $0.rule == "destructive" }
        #expect(narrowed.count == 1 && narrowed[0].severity == .error && narrowed[0].message.contains("from BIGINT to INTEGER"))
        #expect(findings([create, widen]).filter { $0.rule == "destructive" }.isEmpty)
    }

    @Test("a file knows the tables of lower versions only, in whatever order the files come, and findings keep that order")
    func tablesFollowVersions() throws {
        let early = try file("001_early.sql", "-- migrate:up\nALTER TABLE u ALTER COLUMN m TYPE INTEGER;\n-- migrate:down\nSELECT 1;\n")
        let t = try file("002_t.sql", "-- migrate:up\nCREATE TABLE t (n BIGINT);\n-- migrate:down\nDROP TABLE t;\n")
        let narrow = try file("003_narrow.sql", "-- migrate:up\nALTER TABLE t ALTER COLUMN n TYPE INTEGER;\n-- migrate:down\nSELECT 1;\n")
        let u = try file("004_u.sql", "-- migrate:up\nCREATE TABLE u (m BIGINT);\n-- migrate:down\nDROP TABLE u;\n")
        let result = findings([narrow, u, early, t]).filter { $0.rule == "destructive" }.map { "\($0.location.file) \($0.severity)" }
        #expect(result == ["003_narrow.sql error", "001_early.sql warning"],
                "002 made t before 003 narrowed it; u was made by 004, after 001 changed it")
    }

    @Test("reports a migration without a down section")
    func noDown() throws {
        let result = findings([try file("005_x.sql", "-- migrate:up\nCREATE TABLE x (a INTEGER);\n")])
        #expect(result.map(\.rule) == ["no-down"])
        #expect(result.first?.severity == .warning)
    }

    @Test("on ClickHouse: a table without an engine, ALTER ON CLUSTER on a non-replicated table, a mutation without a wait")
    func clickhouse() throws {
        let create = try file("001_e.sql", "-- migrate:up\nCREATE TABLE events (ts DateTime, id UInt64) ENGINE = MergeTree ORDER BY id;\nCREATE TABLE loose (id UInt64);\n-- migrate:down\nDROP TABLE events;\n")
        let alter = try file("002_a.sql", "-- migrate:up\nALTER TABLE events ON CLUSTER main ADD COLUMN kind String;\nALTER TABLE events UPDATE kind = 'x' WHERE 1;\n-- migrate:down\nSELECT 1;\n")
        let result = findings([create, alter], .clickhouse).map { "\($0.location.file):\($0.location.line ?? 0):\($0.rule)" }
        #expect(result == ["001_e.sql:3:clickhouse-no-engine", "002_a.sql:2:clickhouse-on-cluster-alter", "002_a.sql:3:clickhouse-mutation-wait"])
    }

    @Test("on an old ClickHouse server, flags what it does not know, and not on a current one")
    func oldServer() throws {
        let m = try file("003_new.sql", "-- migrate:up\nCREATE TABLE m (ts DateTime64(3), tags Map(String, String), ok Bool, s LowCardinality(String)) ENGINE = MergeTree ORDER BY ts TTL ts + INTERVAL 1 DAY;\nALTER TABLE m RENAME COLUMN ok TO fine;\n-- migrate:down\nSELECT 1;\n")
        let old = findings([m], .clickhouse, server: "18.16.1").filter { $0.rule == "clickhouse-old-server" }
        #expect(old.count == 6)
        #expect(old.first?.message == "ClickHouse 18.16 does not know DateTime64 (added in 20.1).")
        #expect(findings([m], .clickhouse, server: "24.8.4.13").filter { $0.rule == "clickhouse-old-server" }.isEmpty)
        #expect(findings([m], .clickhouse).filter { $0.rule == "clickhouse-old-server" }.isEmpty, "unknown server: no guessing")
    }
}

@Suite("Repair and baseline")
struct RepairTests {
    let files = [Fixture.migration(1), Fixture.migration(2)]

    func event(_ action: RepairAction, _ history: [HistoryEvent], files: [Migration]? = nil) throws -> HistoryEvent {
        try action.event(migrations: files ?? self.files, history: HistoryState(events: history), note: "why", sequence: 99,
                         context: RepairContext(now: Date(timeIntervalSince1970: 5), actor: "me@host", toolVersion: "t", engineVersion: "e"))
    }

    @Test("accepting a checksum records the file's new checksum, and only for an edited applied migration")
    func acceptChecksum() throws {
        let edited = Fixture.migration(1, up: "CREATE TABLE t1 (x BIGINT);")
        let recorded = try event(.acceptChecksum(MigrationVersion(1)), Fixture.applied(files), files: [edited, files[1]])
        #expect(recorded.kind == .checksumAccepted && recorded.checksum == edited.checksum && recorded.note == "why" && recorded.appliedBy == "me@host")
        #expect(throws: StrataError.self) { try event(.acceptChecksum(MigrationVersion(1)), Fixture.applied(files)) }
    }

    @Test("resolved and rolled back apply only to failed migrations")
    func failedOnly() throws {
        var history = Fixture.applied([files[0]])
        history.append(Fixture.event(2, .failed, sequence: 9, failedStatement: 2))
        #expect(try event(.resolved(MigrationVersion(2)), history).kind == .resolved)
        #expect(try event(.rolledBack(MigrationVersion(2)), history).kind == .markedRolledBack)
        #expect(throws: StrataError.self) { try event(.resolved(MigrationVersion(1)), history) }
        let resolvedState = HistoryState(events: history + [try event(.resolved(MigrationVersion(2)), history)])
        #expect(resolvedState.currentVersion == MigrationVersion(2))
    }

    @Test("forgetting applies only to an applied migration whose file is gone")
    func forget() throws {
        let history = Fixture.applied(files)
        #expect(try event(.forget(MigrationVersion(2)), history, files: [files[0]]).kind == .forgotten)
        #expect(throws: StrataError.self) { try event(.forget(MigrationVersion(2)), history) }
    }
}

