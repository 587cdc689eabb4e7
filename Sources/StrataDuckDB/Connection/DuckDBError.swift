/// An error from DuckDB, with DuckDB's own message kept whole.
public struct DuckDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DuckDB's message, e.g. `Catalog Error: Table with name prices does not exist!`.
    public var message: String
    /// The SQL that failed, when a statement failed.
    public var sql: String?
    /// Set when opening this database file failed.
    public var openingPath: String?

    public init(message: String, sql: String? = nil, openingPath: String? = nil) {
        self.message = message
        self.sql = sql
        self.openingPath = openingPath
    }

    public var description: String {
        guard let sql else { return message }
        return "\(message) - while executing `\(sql)`"
    }
}
