/// What a driver offers beyond migrating: reading its schema and lending a scratch database.
///
/// `strata dump`, `check`, `verify` and rehearsal (`up --rehearse`) are built on these two
/// requirements; everything else about them is engine-independent and lives in the engine.
public protocol SchemaDriver: MigrationDriver {
    /// The schema as a canonical snapshot, without the history table and its view.
    ///
    /// The same schema gives the same snapshot whatever order it was created in.
    func schema(excluding table: HistoryTable) async throws -> SchemaSnapshot

    /// Lends a new, empty database of the same engine for the duration of `body`, and
    /// removes it afterwards, also when `body` throws.
    ///
    /// DuckDB: an in-memory database. ClickHouse: a database with a random name on the same
    /// server (or cluster), dropped afterwards.
    func withScratchDatabase<T: Sendable>(_ body: @Sendable (any SchemaDriver) async throws -> T) async throws -> T

    /// The definition that creates a copy of `object` in a scratch database (rehearsal).
    func scratchDefinition(of object: SchemaObject) -> String
}

extension SchemaDriver {
    /// The definition to create a copy of `object` with in a scratch database (rehearsal).
    /// The default is the definition itself; drivers rewrite what must not be shared with
    /// the original (a replicated table's coordination path, on ClickHouse).
    public func scratchDefinition(of object: SchemaObject) -> String { object.definition }
}
