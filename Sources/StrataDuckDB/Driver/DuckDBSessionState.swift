import Strata

/// What a migration's `USE`, `SET`, `RESET`, `PRAGMA` or `SET VARIABLE` can change on a
/// connection, read before it runs, so that the next migration starts where this one did.
///
/// Without it, `USE s2` in one migration would put the next migration's tables in `s2` when
/// both run in one `up`, and in `main` when they run in two: the same files would build
/// different schemas. The runner reads the state before the first such statement of a
/// migration runs and restores it after the migration's statements, before its history row
/// is written (or after the rollback of a failed one); a migration without such statements
/// costs nothing.
///
/// Restored: the current catalog and schema, every setting DuckDB lists in
/// `duckdb_settings()` (session and global), and the variables of `duckdb_variables()`.
/// Databases a migration `ATTACH`es stay attached: they belong to the database, not the
/// session.
struct DuckDBSessionState: Equatable {
    var catalog: String
    var schema: String
    var settings: [String: Setting]
    var variables: [String: Variable]

    struct Setting: Equatable {
        var value: String?
        var isGlobal: Bool
    }

    struct Variable: Equatable {
        var value: String?
        var type: String
    }

    /// Reads the connection's state.
    static func read(_ session: DuckDBSession) throws(DuckDBError) -> DuckDBSessionState {
        let place = try session.query("SELECT current_database(), current_schema()")
        var settings: [String: Setting] = [:]
        for row in try session.query("SELECT name, CAST(value AS VARCHAR), scope FROM duckdb_settings()").rows {
            guard let name = row[0].string else { continue }
            settings[name] = Setting(value: row[1].string, isGlobal: row[2].string == "GLOBAL")
        }
        var variables: [String: Variable] = [:]
        for row in try session.query("SELECT name, CAST(value AS VARCHAR), CAST(type AS VARCHAR) FROM duckdb_variables()").rows {
            guard let name = row[0].string else { continue }
            variables[name] = Variable(value: row[1].string, type: row[2].string ?? "VARCHAR")
        }
        return DuckDBSessionState(catalog: place.rows.first?[0].string ?? "", schema: place.rows.first?[1].string ?? "",
                                  settings: settings, variables: variables)
    }

    /// Brings the connection back to this state.
    ///
    /// A changed setting is first reset to DuckDB's default, which is exact and also brings
    /// back what DuckDB derives from it (`threads` sets `write_buffer_row_group_memory_limit`);
    /// one whose value before was not the default is then set to that value. The current
    /// schema follows `search_path`, so it is set with `USE` only if resetting left it elsewhere.
    ///
    /// - Throws: ``DuckDBError`` naming what could not be set back.
    func restore(on session: DuckDBSession) throws(DuckDBError) {
        var now = try Self.read(session)
        for (name, setting) in settings where now.settings[name] != setting {
            try? session.execute("RESET \(DuckDBIdentifiers.alwaysQuoted(name))")
        }
        now = try Self.read(session)
        if now.catalog != catalog || now.schema != schema {
            try session.execute("USE \(DuckDBIdentifiers.alwaysQuoted(catalog)).\(DuckDBIdentifiers.alwaysQuoted(schema))")
            now = try Self.read(session)
        }
        for (name, setting) in settings where now.settings[name] != setting {
            guard let value = setting.value else { continue }
            let scope = setting.isGlobal ? "GLOBAL" : "SESSION"
            try? session.execute("SET \(scope) \(DuckDBIdentifiers.alwaysQuoted(name)) = \(DuckDBIdentifiers.literal(value))")
        }
        now = try Self.read(session)
        for name in now.variables.keys where variables[name] == nil {
            try session.execute("RESET VARIABLE \(DuckDBIdentifiers.alwaysQuoted(name))")
        }
        for (name, variable) in variables where now.variables[name] != variable {
            let value = variable.value.map { "CAST(\(DuckDBIdentifiers.literal($0)) AS \(variable.type))" } ?? "NULL"
            try session.execute("SET VARIABLE \(DuckDBIdentifiers.alwaysQuoted(name)) = \(value)")
        }
        let after = try Self.read(session)
        guard after != self else { return }
        var left: [String] = []
        if after.catalog != catalog || after.schema != schema { left.append("the current schema (\(after.catalog).\(after.schema))") }
        left += settings.keys.sorted().filter { after.settings[$0] != settings[$0] }.map { "setting \($0)" }
        left += Set(after.variables.keys).union(variables.keys).sorted().filter { after.variables[$0] != variables[$0] }.map { "variable \($0)" }
        throw DuckDBError(message: "Strata could not set back what the migration changed in the session: \(left.joined(separator: ", ")). The next migration would start from it.")
    }
}
