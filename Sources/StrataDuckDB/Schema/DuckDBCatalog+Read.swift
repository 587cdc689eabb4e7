import Foundation
import Strata

extension DuckDBCatalog {
    /// Reads the current database's catalog: about ten queries, on one session.
    ///
    /// Only the current database (not attached ones) and no temporary or internal objects.
    /// Lists are read as JSON text, since the result reader takes scalar columns only.
    static func read(from session: DuckDBSession) throws -> DuckDBCatalog {
        let database = "database_name = current_database()"
        var catalog = DuckDBCatalog(defaultSchema: try session.query("SELECT current_schema()").scalar?.string ?? "main")

        catalog.keywords = Set(try session.query("SELECT keyword_name FROM duckdb_keywords()").rows.compactMap { $0.first?.string?.lowercased() })

        catalog.schemas = try session.query("""
            SELECT schema_name FROM duckdb_schemas()
            WHERE \(database) AND NOT internal AND schema_name <> current_schema()
            """).rows.compactMap { $0.first?.string }

        catalog.tables = try session.query("""
            SELECT schema_name, table_name, comment FROM duckdb_tables()
            WHERE \(database) AND NOT internal AND NOT temporary
            """).rows.map { row in
            Table(schema: try text(row, 0), name: try text(row, 1), comment: row[2].string)
        }

        catalog.columns = try session.query("""
            SELECT c.schema_name, c.table_name, c.column_name, c.column_index, c.data_type, c.column_default,
                   c.is_nullable, c.is_generated, c.generation_expression, c.comment
            FROM duckdb_columns() AS c
            JOIN duckdb_tables() AS t ON t.table_oid = c.table_oid
            WHERE c.\(database) AND NOT c.internal AND NOT t.temporary
            """).rows.map { row in
            let generated = row[7].bool ?? false
            return Column(schema: try text(row, 0), table: try text(row, 1), name: try text(row, 2),
                          position: Int(row[3].int64 ?? 0), type: try text(row, 4),
                          defaultExpression: generated ? nil : row[5].string, nullable: row[6].bool ?? true,
                          generationExpression: generated ? row[8].string : nil, comment: row[9].string)
        }

        catalog.constraints = try session.query("""
            SELECT schema_name, table_name, constraint_type, constraint_text FROM duckdb_constraints()
            WHERE \(database)
            """).rows.map { row in
            Constraint(schema: try text(row, 0), table: try text(row, 1), type: try text(row, 2), text: try text(row, 3))
        }

        catalog.indexes = try session.query("""
            SELECT schema_name, index_name, table_name, is_unique, sql FROM duckdb_indexes()
            WHERE \(database)
            """).rows.map { row in
            Index(schema: try text(row, 0), name: try text(row, 1), table: try text(row, 2),
                  isUnique: row[3].bool ?? false, sql: row[4].string)
        }

        catalog.views = try session.query("""
            SELECT schema_name, view_name, sql, comment FROM duckdb_views()
            WHERE \(database) AND NOT internal AND NOT temporary
            """).rows.map { row in
            View(schema: try text(row, 0), name: try text(row, 1), sql: try text(row, 2), comment: row[3].string)
        }

        catalog.sequences = try session.query("""
            SELECT schema_name, sequence_name, min_value, max_value, increment_by, cycle
            FROM duckdb_sequences() WHERE \(database) AND NOT temporary
            """).rows.map { row in
            Sequence(schema: try text(row, 0), name: try text(row, 1), minimum: row[2].int64 ?? 1,
                     maximum: row[3].int64 ?? Int64.max, increment: row[4].int64 ?? 1, cycles: row[5].bool ?? false)
        }

        catalog.macros = try session.query("""
            SELECT schema_name, function_name, function_type, CAST(to_json(parameters) AS VARCHAR),
                   CAST(to_json(parameter_types) AS VARCHAR), macro_definition
            FROM duckdb_functions()
            WHERE \(database) AND NOT internal AND function_type IN ('macro', 'table_macro')
            """).rows.map { row in
            let parameters = try jsonList(row[3].string, sql: "duckdb_functions().parameters")
            let types = try jsonList(row[4].string, sql: "duckdb_functions().parameter_types")
            return Macro(schema: try text(row, 0), name: try text(row, 1), isTableMacro: row[2].string == "table_macro",
                         parameters: parameters.map { $0 ?? "" },
                         parameterTypes: types.count == parameters.count ? types : parameters.map { _ in nil },
                         body: row[5].string ?? "")
        }

        let identifiers = DuckDBIdentifiers(keywords: catalog.keywords)
        let typeNames = try session.query("""
            SELECT schema_name, type_name FROM duckdb_types() WHERE \(database) AND NOT internal
            """).rows.map { (try text($0, 0), try text($0, 1)) }
        for (schema, name) in typeNames {
            // A user type's definition is what it stands for; typeof() spells it out.
            let qualified = identifiers.quoted(schema) + "." + identifiers.quoted(name)
            let definition = try session.query("SELECT typeof(CAST(NULL AS \(qualified)))").scalar?.string ?? ""
            catalog.types.append(UserType(schema: schema, name: name, definition: definition))
        }
        return catalog
    }

    private static func text(_ row: [DuckDBValue], _ index: Int) throws(DuckDBError) -> String {
        guard index < row.count, let value = row[index].string else {
            throw DuckDBError(message: "DuckDB's catalog returned no text in column \(index + 1) where a name was expected.")
        }
        return value
    }

    private static func jsonList(_ text: String?, sql: String) throws(DuckDBError) -> [String?] {
        guard let text else { return [] }
        guard let list = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) as? [Any] else {
            throw DuckDBError(message: "Cannot read \(sql) as a list: \(text)")
        }
        return list.map { $0 as? String }
    }
}
