/// What DuckDB's catalog functions (`duckdb_tables()`, `duckdb_columns()`, ...) say about a
/// database's schema, as plain values: the input of ``DuckDBSchemaBuilder``.
///
/// Reading it is ``DuckDBCatalog/read(from:)``; everything after that is pure, so that the
/// canonical text can be tested with literals.
struct DuckDBCatalog: Sendable, Hashable {
    struct Table: Sendable, Hashable {
        var schema: String
        var name: String
        var comment: String?
    }

    struct Column: Sendable, Hashable {
        var schema: String
        var table: String
        var name: String
        /// 1-based position in the table.
        var position: Int
        var type: String
        var defaultExpression: String?
        var nullable: Bool
        /// The expression of a generated (`GENERATED ALWAYS AS`) column.
        var generationExpression: String?
        var comment: String?
    }

    struct Constraint: Sendable, Hashable {
        var schema: String
        var table: String
        /// `PRIMARY KEY`, `UNIQUE`, `CHECK`, `FOREIGN KEY`, `NOT NULL`.
        var type: String
        /// DuckDB's text, e.g. `UNIQUE(symbol, "day")`.
        var text: String
    }

    struct Index: Sendable, Hashable {
        var schema: String
        var name: String
        var table: String
        var isUnique: Bool
        /// DuckDB's text of the index (re-rendered by DuckDB, not as the user wrote it).
        var sql: String?
    }

    struct View: Sendable, Hashable {
        var schema: String
        var name: String
        /// DuckDB's text of the view: `CREATE VIEW name AS query;`.
        var sql: String
        var comment: String?
    }

    struct Sequence: Sendable, Hashable {
        var schema: String
        var name: String
        var minimum: Int64
        var maximum: Int64
        var increment: Int64
        var cycles: Bool
    }

    /// One overload of a macro.
    struct Macro: Sendable, Hashable {
        var schema: String
        var name: String
        var isTableMacro: Bool
        var parameters: [String]
        /// The declared type of each parameter, `nil` when untyped.
        var parameterTypes: [String?]
        /// The body: an expression, or a query for a table macro.
        var body: String
    }

    struct UserType: Sendable, Hashable {
        var schema: String
        var name: String
        /// What the type stands for, e.g. `ENUM('sad', 'happy')`.
        var definition: String
    }

    /// The schema that unqualified names live in (normally `main`).
    var defaultSchema: String
    /// Schemas other than the default one.
    var schemas: [String] = []
    var tables: [Table] = []
    var columns: [Column] = []
    var constraints: [Constraint] = []
    var indexes: [Index] = []
    var views: [View] = []
    var sequences: [Sequence] = []
    var macros: [Macro] = []
    var types: [UserType] = []
    /// DuckDB's keywords (lower case): names that need quotes.
    var keywords: Set<String> = []
}
