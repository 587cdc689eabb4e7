import Strata

extension DuckDBDriver: SchemaDriver {
    /// The schema of the current database as a canonical snapshot (see ``DuckDBSchemaBuilder``),
    /// read from DuckDB's catalog functions in one session.
    ///
    /// - Throws: ``StrataError/Code/databaseError`` with DuckDB's message.
    public func schema(excluding table: HistoryTable) async throws -> SchemaSnapshot {
        let catalog: DuckDBCatalog
        do {
            catalog = try await connection.withSession { session in try DuckDBCatalog.read(from: session) }
        } catch let error as DuckDBError {
            throw StrataError(.databaseError, "DuckDB could not list the schema of \(connection.database.path).",
                              remedy: "Check that the database opens with this version of DuckDB (\(DuckDBDatabase.libraryVersion)).",
                              underlying: error.message)
        }
        return DuckDBSchemaBuilder.snapshot(catalog, excluding: table)
    }

    /// Lends a new in-memory DuckDB database, gone when `body` returns.
    public func withScratchDatabase<T: Sendable>(_ body: @Sendable (any SchemaDriver) async throws -> T) async throws -> T {
        try await DuckDBDriver.withDriver(path: ":memory:") { scratch in try await body(scratch) }
    }
}
