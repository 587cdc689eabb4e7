/// An error from DuckDB, with DuckDB's own message kept whole.
public struct DuckDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DuckDB's message, e.g. `Catalog Error: Table with name prices does not exist!`.
    public var message: String
    /// The SQL that failed, when a statement failed.
    public var sql: String?
    /// Set when opening this database file failed.
    public var openingPath: String?
    /// What kind of error DuckDB reported, when it said (`duckdb_result_error_type`).
    public var category: Category

    /// The error kinds the tool acts on.
    public enum Category: Sendable, Hashable {
        /// A table, view or schema that does not exist (or already exists).
        case catalog
        /// A column or function that does not exist in this context.
        case binder
        /// A script that DuckDB's parser could not split into statements.
        case parser
        case other
    }

    /// Whether DuckDB could not parse the script (nothing of it ran).
    public var isParseFailure: Bool { category == .parser }

    public init(message: String, sql: String? = nil, openingPath: String? = nil, category: Category = .other) {
        self.message = message
        self.sql = sql
        self.openingPath = openingPath
        self.category = category
    }

    public var description: String {
        guard let sql else { return message }
        return "\(message) - while executing `\(sql)`"
    }
}
