import Testing
@testable import Strata

@Suite("Check findings")
struct SchemaCheckFindingsTests {
    let files = [Fixture.migration(1), Fixture.migration(2), Fixture.migration(3)]
    let table = SchemaObject(kind: .table, name: "t1", definition: "CREATE TABLE t1 (\n    x INTEGER\n)")

    func status(_ events: [HistoryEvent], files: [Migration]? = nil) -> StatusReport {
        Planner.status(migrations: files ?? self.files, history: HistoryState(events: events))
    }

    @Test("a clean history gives no finding")
    func clean() {
        let (step, findings) = SchemaCheck.historyFindings(status(Fixture.applied(files)))
        #expect(findings.isEmpty)
        #expect(step.outcome == .passed)
    }

    @Test("pending migrations are one finding listing their files")
    func pending() {
        let (step, findings) = SchemaCheck.historyFindings(status(Fixture.applied([files[0]])))
        #expect(step.outcome == .failed)
        #expect(findings.map(\.kind) == [.pendingMigrations])
        #expect(findings[0].versions == [MigrationVersion(2), MigrationVersion(3)])
        #expect(findings[0].message.contains("002_m.sql, 003_m.sql"))
    }

    @Test("an edited applied migration is named with both checksums and how to accept or restore it")
    func edited() {
        let edited = Fixture.migration(2, up: "CREATE TABLE t2 (x BIGINT);")
        let (_, findings) = SchemaCheck.historyFindings(status(Fixture.applied(files), files: [files[0], edited, files[2]]))
        #expect(findings.map(\.kind) == [.editedMigration])
        #expect(findings[0].message.contains("002_m.sql was edited after it was applied"))
        #expect(findings[0].remedy?.contains("strata repair --accept-checksum 2") == true)
    }

    @Test("a schema file that is not what the migrations produce names the object, the column and both sides")
    func schemaFileDiffers() {
        let wider = SchemaObject(kind: .table, name: "t1", definition: "CREATE TABLE t1 (\n    x INTEGER,\n    volume BIGINT\n)")
        let file = SchemaFileContents(path: "schema.sql", text: "")
        let (step, findings) = SchemaCheck.schemaFileFindings(
            file, committed: SchemaSnapshot(engine: .duckdb, objects: [wider]),
            replayed: .success(SchemaSnapshot(engine: .duckdb, objects: [table])), migrationCount: 3)
        #expect(step.outcome == .failed)
        #expect(findings.map(\.kind) == [.schemaFileDiffers])
        #expect(findings[0].message == "schema.sql is not what the migrations produce: table t1 changed (volume).")
        #expect(findings[0].expectedLabel == "the migrations" && findings[0].actualLabel == "schema.sql")
        #expect(findings[0].differences.first?.lines == ["+     volume BIGINT"])
    }

    @Test("a missing schema file is a finding that says how to write it")
    func schemaFileMissing() {
        let (_, findings) = SchemaCheck.schemaFileFindings(
            SchemaFileContents(path: "db/schema.sql", text: nil), committed: nil,
            replayed: .success(SchemaSnapshot(engine: .duckdb, objects: [])), migrationCount: 0)
        #expect(findings.map(\.kind) == [.schemaFileMissing])
        #expect(findings[0].remedy?.contains("strata dump --from-migrations --output db/schema.sql") == true)
    }

    @Test("a live schema changed by hand names the object only in the live database")
    func liveDrift() {
        let index = SchemaObject(kind: .index, name: "by_x", definition: "CREATE INDEX by_x ON t1 (x)")
        let (_, findings) = SchemaCheck.liveFindings(
            live: SchemaSnapshot(engine: .duckdb, objects: [table, index]),
            replayed: .success(SchemaSnapshot(engine: .duckdb, objects: [table])), appliedCount: 1, reportReplayFailure: true)
        #expect(findings.map(\.kind) == [.liveSchemaDiffers])
        #expect(findings[0].message.hasSuffix("index by_x only in the live database."))
    }

    @Test("findings are ordered most serious first, and the report knows its worst")
    func severity() {
        let report = CheckReport(engine: .duckdb, steps: [], findings: [
            CheckFinding(kind: .pendingMigrations, message: "p"),
            CheckFinding(kind: .schemaFileDiffers, message: "s"),
            CheckFinding(kind: .editedMigration, message: "e"),
        ])
        #expect(report.findings.map(\.kind) == [.editedMigration, .schemaFileDiffers, .pendingMigrations])
        #expect(report.worst == .editedMigration)
        #expect(!report.passed)
    }

    @Test("a schema file for another engine is refused")
    func otherEngine() {
        let file = SchemaFileContents(path: "schema.sql", text: SchemaSnapshot(engine: .clickhouse, objects: []).text)
        let error = #expect(throws: StrataError.self) { try SchemaCheck.parse(file, engine: .duckdb) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("ClickHouse schema") == true)
    }
}
