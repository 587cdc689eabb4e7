import Foundation
import Strata

extension ClickHouseDriver: SchemaDriver {
    /// The schema of the configured database as a canonical snapshot, from one query of
    /// `system.tables`.
    ///
    /// Tables with their engine, keys, TTL and settings, views, materialized views (not
    /// their `.inner.` tables) and DDL dictionaries, each laid out by
    /// ``ClickHouseDefinition``, with the database's own name removed. Temporary tables,
    /// the history table, its view and the migration lock's tables are left out.
    ///
    /// - Throws: ``StrataError`` with the server's message.
    public func schema(excluding table: HistoryTable) async throws -> SchemaSnapshot {
        let database = configuration.database
        let rows = try await mapErrors(while: "listing the tables of \(database)") {
            try await client.query(ClickHouseSchemaSQL.tables(database: database))
        }
        var objects: [SchemaObject] = []
        for row in rows.rows where row.count == 3 {
            guard let name = row[0].string, let engine = row[1].string, let query = row[2].string else { continue }
            guard let kind = ClickHouseSchemaSQL.kind(name: name, engine: engine, createQuery: query, excluding: table) else { continue }
            objects.append(SchemaObject(kind: kind, name: name, definition: ClickHouseDefinition.canonical(query, database: database)))
        }
        return SchemaSnapshot(engine: .clickhouse, objects: objects)
    }

    /// Lends a database with a random name (`strata_scratch_...`) on the same server,
    /// dropped when `body` returns or throws.
    ///
    /// - Throws: ``StrataError`` when the user may not create databases; what `body` throws.
    public func withScratchDatabase<T: Sendable>(_ body: @Sendable (any SchemaDriver) async throws -> T) async throws -> T {
        let name = "strata_scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let quoted = ClickHouseLiteral.identifier(name)
        logger.debug("creating scratch database", metadata: ["database": "\(name)"])
        try await mapErrors(while: "creating the scratch database \(name)") {
            try await client.execute("CREATE DATABASE \(quoted)")
        }
        var scratch = configuration
        scratch.database = name
        // The scratch database is on this node only: its migrations run as on a single server.
        scratch.cluster = nil
        do {
            let result = try await ClickHouseDriver.withDriver(configuration: scratch, logger: logger) { driver in
                try await body(driver)
            }
            try await dropScratch(quoted)
            return result
        } catch {
            try? await dropScratch(quoted)
            throw error
        }
    }

    private func dropScratch(_ quoted: String) async throws {
        logger.debug("dropping scratch database", metadata: ["database": "\(quoted)"])
        try await mapErrors(while: "dropping the scratch database \(quoted)") {
            try await client.execute("DROP DATABASE IF EXISTS \(quoted)")
        }
    }
}

/// The query behind ``ClickHouseDriver/schema(excluding:)`` and how its rows are sorted
/// into kinds. Pure.
enum ClickHouseSchemaSQL {
    /// Name, engine and the server's `CREATE` text of every object in `database`
    /// (columns that exist on 18.16 and on current servers).
    static func tables(database: String) -> String {
        """
        SELECT name, engine, create_table_query FROM system.tables
        WHERE database = \(ClickHouseLiteral.string(database)) AND is_temporary = 0
        ORDER BY name
        """
    }

    /// The kind of object a row of ``tables(database:)`` is, or `nil` for what a dump
    /// leaves out: the history table and view, the lock's tables, and the hidden tables of
    /// materialized views.
    static func kind(name: String, engine: String, createQuery: String, excluding history: HistoryTable) -> SchemaObject.Kind? {
        if name == history.name || name == history.viewName || ClickHouseLockSQL.isLockObject(name, of: history) { return nil }
        if name.hasPrefix(".inner.") || name.hasPrefix(".inner_id.") { return nil }
        let create = createQuery.uppercased()
        switch engine {
        case "View", "LiveView", "WindowView":
            return .view
        case "MaterializedView":
            return .materializedView
        case "Dictionary" where create.hasPrefix("CREATE DICTIONARY"):
            return .dictionary
        default:
            return create.hasPrefix("CREATE DICTIONARY") ? .dictionary : .table
        }
    }
}
