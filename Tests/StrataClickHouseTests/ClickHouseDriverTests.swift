import Foundation
import StrataTestSupport
import Strata
@testable import StrataClickHouse
import Testing

@Suite("ClickHouse driver")
struct ClickHouseDriverTests {
    /// An event with every column filled.
    static func event(_ sequence: Int64, version: Int64 = 1, kind: HistoryEventKind = .applied, text: String = "plain") -> HistoryEvent {
        HistoryEvent(
            sequence: sequence, version: MigrationVersion(version), name: "name \(text)", description: "description \(text)",
            kind: kind, checksum: Checksum(of: "SELECT 1"), rollbackSQL: "DROP TABLE \(text)",
            startedAt: Date(timeIntervalSince1970: 1_764_000_000), finishedAt: Date(timeIntervalSince1970: 1_764_000_002),
            executionMilliseconds: 12.5, appliedBy: "ci@build-7 \(text)", toolVersion: StrataVersion.current,
            engineVersion: "18.16.1", error: "error \(text)", failedStatement: 3, note: "note \(text)",
            details: #"{"hosts": ["a"]}"#)
    }

    @Test("writes times as UTC DateTime text, to the second", arguments: [
        (0.0, "1970-01-01 00:00:00" as String?), (1_704_164_645.9, "2024-01-02 03:04:05"),
        (1_709_208_000, "2024-02-29 12:00:00"), (4_102_444_799, "2099-12-31 23:59:59"), (-1, nil), (5e9, nil),
    ])
    func dateTimeText(_ seconds: Double, _ text: String?) {
        #expect(ClickHouseHistorySQL.dateTimeText(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("writes an event as one INSERT whose every value is a literal")
    func insertText() {
        var event = Self.event(42, text: "it's")
        event.id = "id-1"
        let sql = ClickHouseHistorySQL.insert(event, into: .default, database: "db`x")
        #expect(sql.hasPrefix("INSERT INTO `db\\`x`.`schema_migrations` (id, seq, version, name, description, event,"))
        #expect(sql.contains("VALUES ('id-1', 42, 1, 'name it\\'s', 'description it\\'s', 'applied', '"))
        #expect(sql.contains("'2025-11-24 16:00:00', '2025-11-24 16:00:02', 12.5, 'ci@build-7 it\\'s'"))
        #expect(sql.hasSuffix("'note it\\'s', '{\"hosts\": [\"a\"]}', \(HistoryEvent.currentFormatVersion))"))
    }

    @Test("creates the history table and view, and reads back every event right after writing it")
    func writesAndReadsHistory() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                #expect(try await driver.readHistory(.default).isEmpty)
                try await driver.prepareHistory(.default)
                try await driver.prepareHistory(.default)  // a second time changes nothing
                var written: [HistoryEvent] = []
                for sequence in Int64(1)...20 {
                    let event = Self.event(1_764_000_000_000_000 + sequence, version: sequence % 4 + 1)
                    try await driver.append(event, to: .default)
                    written.append(event)
                    // Read immediately after each acknowledged insert: it is always there.
                    #expect(try await driver.readHistory(.default).count == written.count)
                }
                #expect(try await driver.readHistory(.default) == written)
            }
        }
    }

    @Test("reading history never creates the table")
    func readingDoesNotCreate() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let driver = ClickHouseDriver(client: client, logger: .test)
                #expect(try await driver.readHistory(.default).isEmpty)
                let tables = try await client.query("SELECT name FROM system.tables WHERE database = \(ClickHouseLiteral.string(configuration.database))")
                #expect(tables.rows.isEmpty)
            }
        }
    }

    @Test("reads back names, descriptions and SQL with quotes, backslashes, tabs, newlines and non-ASCII byte for byte")
    func roundTripsAwkwardText() async throws {
        let awkward = [
            "it's a \"quote\" and a `backquote`",
            #"C:\new\table\ and \' and \\"#,
            "tab\there\nnew line\r\ncarriage return",
            "controls \u{1}\u{7}\u{8}\u{B}\u{C}\u{1B}\u{1F}\u{7F} end",
            "zoë → 数据 🙂 ∑ \u{2028} \u{FEFF}",
            "-- a comment; /* and */ $$heredoc$$ ;",
            "",
        ]
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                try await driver.prepareHistory(.default)
                for (offset, text) in awkward.enumerated() {
                    try await driver.append(Self.event(Int64(offset + 1), text: text), to: .default)
                }
                let back = try await driver.readHistory(.default)
                #expect(back.count == awkward.count)
                for (event, text) in zip(back, awkward) {
                    #expect(Array(event.name.utf8) == Array("name \(text)".utf8))
                    #expect(Array((event.description ?? "").utf8) == Array("description \(text)".utf8))
                    #expect(Array((event.rollbackSQL ?? "").utf8) == Array("DROP TABLE \(text)".utf8))
                    #expect(Array((event.error ?? "").utf8) == Array("error \(text)".utf8))
                    #expect(Array(event.appliedBy.utf8) == Array("ci@build-7 \(text)".utf8))
                }
            }
        }
    }

    @Test("keeps NULLs as nil and times to the second")
    func keepsNullsAndTimes() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                try await driver.prepareHistory(.default)
                let bare = HistoryEvent(sequence: 5, version: MigrationVersion(7), name: "bare", kind: .started,
                                        startedAt: Date(timeIntervalSince1970: 1_764_000_000.75),
                                        appliedBy: "me", toolVersion: "t", engineVersion: "e")
                try await driver.append(bare, to: .default)
                let back = try #require(try await driver.readHistory(.default).first)
                var expected = bare
                expected.startedAt = Date(timeIntervalSince1970: 1_764_000_000)
                #expect(back == expected)
            }
        }
    }

    @Test("the current_schema_version view is NULL until a version is applied, then the highest applied one")
    func currentVersionView() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                try await driver.prepareHistory(.default)
                let view = "SELECT version FROM \(ClickHouseLiteral.identifier(HistoryTable.default.viewName))"
                func current() async throws -> ClickHouseValue? {
                    let rows = try await driver.client.query(view)
                    #expect(rows.rows.count == 1)
                    return rows.scalar
                }
                #expect(try await current() == .null)
                try await driver.append(Self.event(1, version: 1, kind: .started), to: .default)
                #expect(try await current() == .null, "a started migration is not applied")
                try await driver.append(Self.event(2, version: 1, kind: .applied), to: .default)
                try await driver.append(Self.event(3, version: 2, kind: .started), to: .default)
                try await driver.append(Self.event(4, version: 2, kind: .failed), to: .default)
                #expect(try await current()?.int64 == 1)
                try await driver.append(Self.event(5, version: 2, kind: .resolved), to: .default)
                #expect(try await current()?.int64 == 2)
                try await driver.append(Self.event(6, version: 2, kind: .rolledBack), to: .default)
                try await driver.append(Self.event(7, version: 1, kind: .rolledBack), to: .default)
                #expect(try await current() == .null, "everything rolled back")
            }
        }
    }

    @Test("refuses a history table that another tool created")
    func refusesForeignTable() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                try await driver.client.execute("CREATE TABLE schema_migrations (version Int64, dirty UInt8) ENGINE = MergeTree ORDER BY version")
                for attempt in [{ try await driver.prepareHistory(.default) }, { _ = try await driver.readHistory(.default) }] {
                    let error = await #expect(throws: StrataError.self) { try await attempt() }
                    #expect(error?.code == .foreignHistoryTable)
                    #expect(error?.message.contains("lacks") == true)
                }
            }
        }
    }

    @Test("refuses a history table written in a newer format")
    func refusesNewerFormat() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                try await driver.prepareHistory(.default)
                var future = Self.event(1)
                future.formatVersion = HistoryEvent.currentFormatVersion + 1
                try await driver.append(future, to: .default)
                let error = await #expect(throws: StrataError.self) { try await driver.prepareHistory(.default) }
                #expect(error?.code == .historyTooNew)
            }
        }
    }

    @Test("uses another history table and view when asked")
    func customHistoryTable() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let table = try HistoryTable(name: "strata_history")
                try await driver.prepareHistory(table)
                try await driver.append(Self.event(1), to: table)
                #expect(try await driver.readHistory(table).count == 1)
                #expect(try await driver.readHistory(.default).isEmpty)
                let views = try await driver.client.query("SELECT version FROM strata_history_current_version")
                #expect(views.scalar?.int64 == 1)
            }
        }
    }

    @Test("names the lines of a statement that never ends, and runs nothing; splitting asks the server only its version, once")
    func unterminatedStatement() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let error = await #expect(throws: StrataError.self) {
                    _ = try await driver.statements(in: "CREATE TABLE a (x UInt8) ENGINE = Memory;\nINSERT INTO a VALUES (1);\nSELECT 'oops\nFROM a;\n")
                }
                #expect(error?.code == .invalidMigrationFile)
                #expect(error?.message.contains("Statement 3 (section line 3)") == true, "\(error?.message ?? "")")
                #expect(error?.message.contains("single-quoted string opened on line 3") == true)
                let fine = try await driver.statements(in: "SELECT ';'; -- done\nSELECT 2")
                #expect(fine.map(\.text) == ["SELECT ';'", "SELECT 2"])
                #expect(driver.client.requestCount == 1, "the version, asked once")
                #expect(try await driver.client.query("SHOW TABLES").rows.isEmpty, "nothing ran")
            }
        }
    }

    @Test("records the index and the server's error of a failed statement, after running the ones before it")
    func runStopsAtFirstFailure() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let script = """
                    CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x;
                    INSERT INTO t VALUES (1);
                    INSERT INTO missing VALUES (2);
                    INSERT INTO t VALUES (3);
                    """
                let statements = try await driver.statements(in: script)
                let failure = await #expect(throws: StatementFailure.self) {
                    _ = try await driver.run(ScriptExecution(script: script, statements: statements))
                }
                #expect(failure?.index == 3)
                #expect(failure?.line == 3)
                #expect(failure?.text == "INSERT INTO missing VALUES (2)")
                #expect(failure?.rolledBack == false)
                #expect(failure?.message.hasPrefix("Code: 60, e.displayText() = DB::Exception: Table \(configuration.database).missing doesn't exist") == true,
                        "\(failure?.message ?? "")")
                #expect(try await driver.client.query("SELECT count() FROM t").scalar?.int64 == 1)

                let resumed = try await driver.run(ScriptExecution(script: script, statements: statements, firstStatement: 4))
                #expect(resumed.duration > .zero)
                #expect(try await driver.client.query("SELECT sum(x) FROM t").scalar?.int64 == 4)
            }
        }
    }
}
