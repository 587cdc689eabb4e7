import Foundation
import Logging
import Strata
import StrataClickHouse
import StrataDuckDB

/// One engine as the conformance suite sees it: a fresh database, the SQL dialect for the
/// few statements the scenarios write, and a way to look at the schema.
public struct TestEngine: Sendable, CustomStringConvertible {
    public let engine: DatabaseEngine

    /// Every engine Strata supports; the conformance suite runs against each.
    public static let all = [TestEngine(engine: .duckdb), TestEngine(engine: .clickhouse)]

    public var description: String { engine.displayName }

    /// A new, empty database for the duration of `body`: an in-memory DuckDB, or a fresh
    /// database on the shared ClickHouse test server.
    public func withDriver<T>(_ body: (any MigrationDriver) async throws -> T) async throws -> T {
        switch engine {
        case .duckdb:
            return try await DuckDBDriver.withDriver(path: ":memory:") { try await body($0) }
        case .clickhouse:
            return try await TestClickHouse.withDatabase { configuration in
                try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { try await body($0) }
            }
        }
    }

    /// `CREATE TABLE name (id, label)` in the engine's dialect.
    public func createTable(_ name: String) -> String {
        switch engine {
        case .duckdb: "CREATE TABLE \(name) (id INTEGER, label VARCHAR)"
        case .clickhouse: "CREATE TABLE \(name) (id Int32, label String) ENGINE = MergeTree ORDER BY id"
        }
    }

    /// A column added to a table made by ``createTable(_:)``.
    public func addColumn(_ table: String, _ column: String) -> String {
        switch engine {
        case .duckdb: "ALTER TABLE \(table) ADD COLUMN \(column) INTEGER"
        case .clickhouse: "ALTER TABLE \(table) ADD COLUMN \(column) Int32"
        }
    }

    /// Whether a table or view of that name exists.
    public func tableExists(_ driver: any MigrationDriver, _ name: String) async throws -> Bool {
        try await count(driver, engine == .duckdb
            ? "SELECT count(*) FROM duckdb_tables() WHERE table_name = '\(name)'"
            : "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = '\(name)'") > 0
    }

    /// The number of rows of a table.
    public func rowCount(_ driver: any MigrationDriver, _ table: String) async throws -> Int {
        try await count(driver, "SELECT count(*) FROM \(table)")
    }

    /// The current version according to the engine's `current_schema_version` view.
    public func viewVersion(_ driver: any MigrationDriver) async throws -> Int64? {
        switch driver {
        case let duckdb as DuckDBDriver:
            return try await duckdb.connection.withSession { try $0.query("SELECT version FROM current_schema_version").scalar?.int64 }
        case let clickhouse as ClickHouseDriver:
            return try await clickhouse.client.query("SELECT version FROM current_schema_version").scalar?.int64
        default:
            return nil
        }
    }

    private func count(_ driver: any MigrationDriver, _ sql: String) async throws -> Int {
        switch driver {
        case let duckdb as DuckDBDriver:
            return Int(try await duckdb.connection.withSession { try $0.query(sql).scalar?.int64 ?? -1 })
        case let clickhouse as ClickHouseDriver:
            return Int(try await clickhouse.client.query(sql).scalar?.int64 ?? -1)
        default:
            return -1
        }
    }

    /// Parses migration files given as (file name, text) pairs.
    public static func migrations(_ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet(files.map { try MigrationFileParser.parse(fileName: $0.0, bytes: Array($0.1.utf8)) })
    }
}
