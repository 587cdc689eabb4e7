import Foundation
import Strata
import StrataClickHouse
import StrataTestSupport
import Testing

/// The data-loss finding of issue 14: ClickHouse reads `#` (with a space) as a comment since
/// 22.2, so a `;` inside one does not end the statement; Strata used to send the commented-out
/// text after it as a statement of its own, and `TRUNCATE TABLE keep` emptied the table.
@Suite("A # comment on ClickHouse")
struct ClickHouseHashCommentTests {
    static let files = [
        ("001_keep.sql", "-- migrate:up\nCREATE TABLE keep (id UInt64) ENGINE = MergeTree ORDER BY id;\nINSERT INTO keep VALUES (1), (2), (3);\n"),
        ("002_note.sql", "-- migrate:up\nALTER TABLE keep ADD COLUMN note String # reverted earlier: ; TRUNCATE TABLE keep\n;\n"),
    ]

    func rows(_ driver: ClickHouseDriver) async throws -> Int64? {
        try await driver.client.query("SELECT count() FROM keep").scalar?.int64
    }

    @Test("on 26.9 hides the rest of its line: the column is added and no row is lost")
    func currentServerKeepsRows() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let migrator = Migrator(driver: driver, migrations: try TestEngine.migrations(Self.files), logger: .test)
                try await migrator.migrate()
                #expect(try await rows(driver) == 3)
                let columns = try await driver.client.query("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'keep' ORDER BY position")
                #expect(columns.rows.compactMap { $0.first?.string } == ["id", "note"])
                #expect(try await migrator.status().migrations.allSatisfy { $0.state == .applied })
            }
        }
    }

    @Test("on 18.16, which reads # as SQL, is refused before anything of the migration runs, and no row is lost")
    func oldServerRefuses() async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let migrator = Migrator(driver: driver, migrations: try TestEngine.migrations(Self.files), logger: .test)
                await #expect {
                    try await migrator.migrate()
                } throws: { error in
                    let error = error as? StrataError
                    return error?.code == .invalidMigrationFile && error?.location?.file == "002_note.sql"
                        && error?.message.contains("does not read `# ` and `#!` as comments") == true
                }
                #expect(try await rows(driver) == 3)
                let states = try await migrator.status().migrations.map(\.state)
                #expect(states == [.applied, .pending], "the refused migration did not start")
            }
        }
    }
}
