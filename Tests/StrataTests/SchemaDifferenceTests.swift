import Testing
@testable import Strata

@Suite("Schema snapshot and difference")
struct SchemaDifferenceTests {
    let prices = SchemaObject(kind: .table, name: "prices", definition: "CREATE TABLE prices (\n    symbol VARCHAR NOT NULL,\n    close DOUBLE\n)")

    @Test("a column added at the end of a table shows as one + line naming it, not as a changed line before it")
    func addedColumn() {
        let wider = SchemaObject(kind: .table, name: "prices", definition: "CREATE TABLE prices (\n    symbol VARCHAR NOT NULL,\n    close DOUBLE,\n    volume BIGINT\n)")
        let differences = SchemaDifference.compare(expected: SchemaSnapshot(engine: .duckdb, objects: [prices]),
                                                   actual: SchemaSnapshot(engine: .duckdb, objects: [wider]))
        #expect(differences.count == 1)
        #expect(differences[0].change == .changed)
        #expect(differences[0].lines == ["+     volume BIGINT"])
        #expect(differences[0].members == ["volume"])
    }

    @Test("objects only on one side are added or removed, in dump order")
    func addedAndRemoved() {
        let index = SchemaObject(kind: .index, name: "prices_symbol", definition: "CREATE INDEX prices_symbol ON prices (symbol)")
        let view = SchemaObject(kind: .view, name: "latest", definition: "CREATE VIEW latest AS\nSELECT 1")
        let differences = SchemaDifference.compare(expected: SchemaSnapshot(engine: .duckdb, objects: [prices, view]),
                                                   actual: SchemaSnapshot(engine: .duckdb, objects: [index, prices]))
        #expect(differences.map { "\($0.kind.rawValue) \($0.name) \($0.change.rawValue)" } == ["view latest removed", "index prices_symbol added"])
        #expect(differences[1].lines == ["+ CREATE INDEX prices_symbol ON prices (symbol)"])
        #expect(differences[1].members.isEmpty)
    }

    @Test("a changed column type shows the old and the new line")
    func changedType() {
        let narrower = SchemaObject(kind: .table, name: "prices", definition: "CREATE TABLE prices (\n    symbol VARCHAR NOT NULL,\n    close FLOAT\n)")
        let differences = SchemaDifference.compare(expected: SchemaSnapshot(engine: .duckdb, objects: [prices]),
                                                   actual: SchemaSnapshot(engine: .duckdb, objects: [narrower]))
        #expect(differences.first?.lines == ["-     close DOUBLE", "+     close FLOAT"])
        #expect(differences.first?.members == ["close"])
    }

    @Test("a line changed in a text of thirty thousand lines shows as that line, old and new, and nothing else")
    func longText() {
        let rows = (1...30_000).map { "(\($0), 'row \($0)')," }
        var edited = rows
        edited[20_000] = "(20001, 'edited'),"
        let old = (["INSERT INTO t VALUES"] + rows + [";"]).joined(separator: "\n")
        let new = (["INSERT INTO t VALUES"] + edited + [";"]).joined(separator: "\n")
        #expect(SchemaDifference.lineDiff(old, new) == ["- (20001, 'row 20001'),", "+ (20001, 'edited'),"])
        #expect(SchemaDifference.lineDiff(old, old).isEmpty)
        #expect(SchemaDifference.lineDiff("a\nb", "a\nb\nc\nd") == ["+ c", "+ d"])
        #expect(SchemaDifference.lineDiff("x\na\nb", "a\nb") == ["- x"])
    }

    @Test("the dump text reads back as the same snapshot, schemas first and indexes last")
    func textRoundTrip() throws {
        let snapshot = SchemaSnapshot(engine: .clickhouse, objects: [
            SchemaObject(kind: .index, name: "i", definition: "CREATE INDEX i ON t (x)"),
            prices,
            SchemaObject(kind: .schema, name: "analytics", definition: "CREATE SCHEMA analytics"),
            SchemaObject(kind: .materializedView, name: "mv", definition: "CREATE MATERIALIZED VIEW mv\nAS SELECT 1"),
        ])
        #expect(snapshot.objects.map(\.kind) == [.schema, .table, .materializedView, .index])
        let parsed = try SchemaSnapshot.parse(snapshot.text, file: "schema.sql")
        #expect(parsed == snapshot)
        #expect(snapshot.text.hasPrefix("-- Strata schema dump (ClickHouse)."))
        #expect(snapshot.text.hasSuffix(";\n"))
    }

    @Test("a line outside any object is refused, naming the line and how to regenerate the file")
    func strayLine() {
        let error = #expect(throws: StrataError.self) {
            try SchemaSnapshot.parse("-- Strata schema dump (DuckDB).\n\nCREATE TABLE t (x INTEGER);\n", file: "db/schema.sql")
        }
        #expect(error?.location == SourceLocation(file: "db/schema.sql", line: 3))
        #expect(error?.remedy?.contains("strata dump") == true)
    }
}
