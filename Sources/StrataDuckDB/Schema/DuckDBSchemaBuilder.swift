import Strata

/// Turns a ``DuckDBCatalog`` into a canonical ``SchemaSnapshot``. Pure.
///
/// Every definition is built by Strata from the catalog's facts, not copied from the text
/// the user wrote, so two databases with the same schema give the same bytes whatever the
/// order, spelling or formatting of the statements that built them:
///
/// - tables: one column per line in position order (type, `NOT NULL`, `DEFAULT`,
///   generated expression), then the constraints sorted (primary key, unique, check,
///   foreign key), then table and column comments;
/// - indexes, views: names quoted by ``DuckDBIdentifiers``, the rest as DuckDB re-renders it;
/// - sequences: their parameters, never their current value, nor their START: DuckDB saves a
///   sequence that rows have used with its next value as its START (`START 100` reads back as
///   `START 110` once ten rows took a number), so START is the current value in disguise;
/// - macros: every overload, sorted; user types: what they stand for.
///
/// The history table, its view and its summary table (in the default schema) are left out.
enum DuckDBSchemaBuilder {
    static func snapshot(_ catalog: DuckDBCatalog, excluding history: HistoryTable) -> SchemaSnapshot {
        let names = DuckDBIdentifiers(keywords: catalog.keywords)
        func qualified(_ schema: String, _ name: String) -> String {
            names.qualified(schema: schema, name, defaultSchema: catalog.defaultSchema)
        }
        func isHistory(_ schema: String, _ name: String) -> Bool {
            schema == catalog.defaultSchema && [history.name, history.viewName, history.stateName].contains(name)
        }
        var objects: [SchemaObject] = []

        for schema in catalog.schemas {
            objects.append(SchemaObject(kind: .schema, name: names.quoted(schema), definition: "CREATE SCHEMA \(names.quoted(schema))"))
        }
        for type in catalog.types {
            let name = qualified(type.schema, type.name)
            objects.append(SchemaObject(kind: .type, name: name, definition: "CREATE TYPE \(name) AS \(type.definition)"))
        }
        for sequence in catalog.sequences {
            let name = qualified(sequence.schema, sequence.name)
            objects.append(SchemaObject(kind: .sequence, name: name, definition: sequenceDefinition(name, sequence)))
        }
        let columns = Dictionary(grouping: catalog.columns) { TableKey(schema: $0.schema, name: $0.table) }
        let constraints = Dictionary(grouping: catalog.constraints) { TableKey(schema: $0.schema, name: $0.table) }
        for table in catalog.tables where !isHistory(table.schema, table.name) {
            let key = TableKey(schema: table.schema, name: table.name)
            let name = qualified(table.schema, table.name)
            objects.append(SchemaObject(kind: .table, name: name, definition: tableDefinition(
                name, table: table, columns: columns[key] ?? [], constraints: constraints[key] ?? [], names: names)))
        }
        for index in catalog.indexes where !isHistory(index.schema, index.table) {
            let name = qualified(index.schema, index.name)
            objects.append(SchemaObject(kind: .index, name: name, definition: indexDefinition(
                name, table: qualified(index.schema, index.table), index)))
        }
        for view in catalog.views where !isHistory(view.schema, view.name) {
            let name = qualified(view.schema, view.name)
            var definition = viewDefinition(name, view)
            if let comment = view.comment, !comment.isEmpty {
                definition += ";\nCOMMENT ON VIEW \(name) IS \(DuckDBIdentifiers.literal(comment))"
            }
            objects.append(SchemaObject(kind: .view, name: name, definition: definition))
        }
        let macros = Dictionary(grouping: catalog.macros) { TableKey(schema: $0.schema, name: $0.name) }
        for (key, overloads) in macros {
            let name = qualified(key.schema, key.name)
            objects.append(SchemaObject(kind: .macro, name: name, definition: macroDefinition(name, overloads, names: names)))
        }
        return SchemaSnapshot(engine: .duckdb, objects: objects)
    }

    private struct TableKey: Hashable {
        var schema: String
        var name: String
    }

    static func tableDefinition(
        _ name: String, table: DuckDBCatalog.Table, columns: [DuckDBCatalog.Column],
        constraints: [DuckDBCatalog.Constraint], names: DuckDBIdentifiers
    ) -> String {
        var items: [String] = []
        for column in columns.sorted(by: { $0.position < $1.position }) {
            var line = "\(names.quoted(column.name)) \(column.type)"
            if let generated = column.generationExpression {
                line += " GENERATED ALWAYS AS (\(withoutCast(generated, to: column.type))) VIRTUAL"
            } else {
                if !column.nullable { line += " NOT NULL" }
                if let value = column.defaultExpression { line += " DEFAULT \(value)" }
            }
            items.append(line)
        }
        let order = ["PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN KEY"]
        let tableConstraints = constraints
            .filter { order.contains($0.type) }
            .sorted { (order.firstIndex(of: $0.type) ?? 0, $0.text) < (order.firstIndex(of: $1.type) ?? 0, $1.text) }
        var seen = Set<String>()
        for constraint in tableConstraints where seen.insert(constraint.text).inserted {
            items.append(constraint.text)
        }
        var text = "CREATE TABLE \(name) (\n" + items.map { "    " + $0 }.joined(separator: ",\n") + "\n)"
        if let comment = table.comment, !comment.isEmpty {
            text += ";\nCOMMENT ON TABLE \(name) IS \(DuckDBIdentifiers.literal(comment))"
        }
        for column in columns.sorted(by: { $0.position < $1.position }) {
            if let comment = column.comment, !comment.isEmpty {
                text += ";\nCOMMENT ON COLUMN \(name).\(names.quoted(column.name)) IS \(DuckDBIdentifiers.literal(comment))"
            }
        }
        return text
    }

    /// DuckDB stores a generated column's expression cast to the column's type; the cast is
    /// left out, so that the definition replays to the same catalog (not a cast of a cast).
    static func withoutCast(_ expression: String, to type: String) -> String {
        let suffix = " AS \(type))"
        guard expression.hasPrefix("CAST("), expression.hasSuffix(suffix) else { return expression }
        let inner = String(expression.dropFirst(5).dropLast(suffix.count))
        var scanner = DuckDBDefinitionText.Scanner("(" + inner + ")")
        guard scanner.parenthesised() != nil, scanner.rest.isEmpty else { return expression }
        return inner
    }

    static func indexDefinition(_ name: String, table: String, _ index: DuckDBCatalog.Index) -> String {
        let create = index.isUnique ? "CREATE UNIQUE INDEX" : "CREATE INDEX"
        guard let sql = index.sql, let parts = DuckDBDefinitionText.index(sql) else {
            return index.sql.map(DuckDBDefinitionText.withoutSemicolon) ?? "\(create) \(name) ON \(table)"
        }
        let method = parts.method.isEmpty ? "" : " \(parts.method)"
        let options = parts.options.isEmpty ? "" : " \(parts.options)"
        return "\(create) \(name) ON \(table)\(method) (\(parts.expressions))\(options)"
    }

    static func viewDefinition(_ name: String, _ view: DuckDBCatalog.View) -> String {
        guard let parts = DuckDBDefinitionText.view(view.sql) else { return DuckDBDefinitionText.withoutSemicolon(view.sql) }
        let aliases = parts.aliases.map { " (\($0))" } ?? ""
        return "CREATE VIEW \(name)\(aliases) AS\n\(parts.query)"
    }

    static func sequenceDefinition(_ name: String, _ sequence: DuckDBCatalog.Sequence) -> String {
        "CREATE SEQUENCE \(name) INCREMENT BY \(sequence.increment) MINVALUE \(sequence.minimum) MAXVALUE \(sequence.maximum) \(sequence.cycles ? "CYCLE" : "NO CYCLE")"
    }

    static func macroDefinition(_ name: String, _ overloads: [DuckDBCatalog.Macro], names: DuckDBIdentifiers) -> String {
        let rendered = overloads.map { macro -> (parameters: String, body: String) in
            let parameters = zip(macro.parameters, macro.parameterTypes).map { parameter, type in
                type.map { "\(names.quoted(parameter)) \($0)" } ?? names.quoted(parameter)
            }.joined(separator: ", ")
            return (parameters, macro.isTableMacro ? "TABLE \(macro.body)" : macro.body)
        }
        .sorted { ($0.parameters, $0.body) < ($1.parameters, $1.body) }
        return "CREATE MACRO \(name)" + rendered.map { "(\($0.parameters)) AS \($0.body)" }.joined(separator: ",\n    ")
    }
}
