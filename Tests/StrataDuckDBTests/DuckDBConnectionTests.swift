import Foundation
import Testing
@testable import StrataDuckDB

@Suite("DuckDB connection")
struct DuckDBConnectionTests {
    func withMemory<T: Sendable>(_ body: @escaping @Sendable (DuckDBSession) throws -> T) async throws -> T {
        try await DuckDBDatabase.withDatabase(path: ":memory:") { database in
            try await database.withConnection { connection in try await connection.withSession(body) }
        }
    }

    @Test("binds every value type and reads it back unchanged")
    func roundTrip() async throws {
        let text = "it's \"quoted\"\n\ttabbed \\ back\\slash; -- not a comment\u{0001} Zürich 東京 🦆"
        let row = try await withMemory { session in
            try session.execute("CREATE TABLE v (t VARCHAR, n VARCHAR, i BIGINT, d DOUBLE, b BOOLEAN, ts TIMESTAMP, bl BLOB, dt DATE)")
            _ = try session.query("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              [.text(text), .null, .int(-9_007_199_254_740_993), .double(0.1), .bool(true),
                               .timestamp(1_764_093_600_123_456), .blob([0, 1, 255]), .date(20_000)])
            return try session.query("SELECT * FROM v").rows[0]
        }
        #expect(row == [.text(text), .null, .int(-9_007_199_254_740_993), .double(0.1), .bool(true),
                        .timestamp(1_764_093_600_123_456), .blob([0, 1, 255]), .date(20_000)])
    }

    @Test("keeps DuckDB's own error message and the SQL that failed")
    func errorMessage() async throws {
        await #expect {
            try await withMemory { try $0.query("SELECT * FROM no_such_table") }
        } throws: { error in
            guard let error = error as? DuckDBError else { return false }
            return error.message.contains("Catalog Error") && error.message.contains("no_such_table")
                && error.sql == "SELECT * FROM no_such_table"
        }
    }

    @Test("splits a script with DuckDB's parser, and reports its parse errors")
    func extraction() async throws {
        let count = try await withMemory { session in
            try session.withExtractedStatements("CREATE TABLE a (x VARCHAR DEFAULT ';'); -- c;\nSELECT 1; SELECT 2") { $0.count }
        }
        #expect(count == 3)
        await #expect {
            try await withMemory { session in try session.withExtractedStatements("CREATE TABLE (") { $0.count } }
        } throws: { ($0 as? DuckDBError)?.message.contains("Parser Error") == true }
    }

    @Test("a kept statement runs again after DDL, a rollback and its table being replaced, and after failing is prepared afresh")
    func keptStatement() async throws {
        let rows = try await withMemory { session in
            let insert = "INSERT INTO t (x, note) VALUES (?, ?)"
            func run(_ x: Int64) throws {
                try session.withKeptPrepared(insert) { statement in
                    try statement.bind([.int(x), .text("row \(x)")])
                    try statement.execute()
                }
            }
            try session.execute("CREATE TABLE t (x BIGINT, note VARCHAR)")
            try run(1)
            try session.execute("CREATE TABLE other (y INTEGER); ALTER TABLE other ADD COLUMN z INTEGER")
            try run(2)
            _ = try? session.transaction {
                try run(3)
                try session.execute("INSERT INTO nowhere VALUES (1)")
            }
            try session.execute("DROP TABLE t")
            #expect(throws: DuckDBError.self) { try run(4) }
            try session.execute("CREATE TABLE t (note VARCHAR, x BIGINT)")
            try run(5)
            return try session.query("SELECT x, note FROM t").rows + [[.text("--")]]
        }
        #expect(rows == [[.int(5), .text("row 5")], [.text("--")]])
        let kept = try await withMemory { session in
            try session.execute("CREATE TABLE t (x BIGINT, note VARCHAR)")
            for x in 1...3 {
                try session.withKeptPrepared("INSERT INTO t VALUES (?, 'n')") { statement in
                    try statement.bind([.int(Int64(x))])
                    try statement.execute()
                }
            }
            return try session.query("SELECT sum(x)::BIGINT FROM t").scalar
        }
        #expect(kept == .int(6))
    }

    @Test("rolls a transaction back when its body throws")
    func transactionRollback() async throws {
        let count = try await withMemory { session in
            try session.execute("CREATE TABLE t (x INTEGER)")
            _ = try? session.transaction {
                try session.execute("INSERT INTO t VALUES (1)")
                try session.execute("INSERT INTO nowhere VALUES (1)")
            }
            return try session.query("SELECT count(*) FROM t").scalar
        }
        #expect(count == .int(0))
    }

    @Test("keeps the standard extensions: time zones, JSON and parquet work without a network")
    func extensions() async throws {
        let values = try await withMemory { session in
            let zone = try session.query("SELECT strftime(TIMESTAMPTZ '2026-01-01 12:00:00+00' AT TIME ZONE 'Europe/Berlin', '%H')").scalar
            let json = try session.query("SELECT json_extract_string('{\"a\": {\"b\": \"x\"}}', '$.a.b')").scalar
            try session.execute("COPY (SELECT 42 AS answer) TO '/dev/null' (FORMAT parquet)")
            return [zone, json]
        }
        #expect(values == [.text("13"), .text("x")])
    }

    @Test("opens a file read-only without creating it, and says so when it is missing")
    func readOnlyMissingFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).duckdb").path
        await #expect(throws: DuckDBError.self) {
            try await DuckDBDatabase.withDatabase(path: path, options: DuckDBOpenOptions(readOnly: true)) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
