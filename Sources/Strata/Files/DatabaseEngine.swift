/// The database engines Strata migrates.
public enum DatabaseEngine: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// DuckDB, embedded, through its C API.
    case duckdb
    /// ClickHouse, one server or a cluster, over HTTP(S).
    case clickhouse

    /// The name people know the engine by.
    public var displayName: String {
        switch self {
        case .duckdb: "DuckDB"
        case .clickhouse: "ClickHouse"
        }
    }

    public var description: String { displayName }
}
