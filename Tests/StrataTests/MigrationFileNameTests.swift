import Foundation
import Testing
@testable import Strata

@Suite("Migration file names")
struct MigrationFileNameTests {
    @Test("reads version, name and engine from a file name")
    func readsParts() throws {
        let plain = try MigrationFileName.parse("001_create_prices.sql")
        #expect(plain.version == MigrationVersion(1))
        #expect(plain.name == "create_prices")
        #expect(plain.engine == nil)

        let variant = try MigrationFileName.parse("20261125180500_events.clickhouse.sql")
        #expect(variant.version == MigrationVersion(20261125180500))
        #expect(variant.engine == .clickhouse)
        #expect(try MigrationFileName.parse("3_x.duckdb.sql").engine == .duckdb)
    }

    @Test("versions compare as numbers, so 001 and 1 are one version")
    func versionsAreNumbers() throws {
        #expect(try MigrationFileName.parse("001_a.sql").version == MigrationFileName.parse("1_b.sql").version)
        #expect(try MigrationFileName.parse("9_a.sql").version < MigrationFileName.parse("10_b.sql").version)
    }

    @Test("rejects malformed names with a message that shows the right form",
          arguments: ["create_prices.sql", "001-create.sql", "abc_create.sql", "001_.sql", "001_create prices.sql",
                      "001_events.postgres.sql", "0000000000000000001_too_long.sql", "001_x.SQL"])
    func rejectsMalformedNames(name: String) {
        #expect {
            try MigrationFileName.parse(name)
        } throws: { error in
            guard let error = error as? StrataError else { return false }
            return error.code == .invalidFileName && error.message.contains(name)
                && error.remedy?.contains("001_create_prices.sql") == true
        }
    }

    @Test("leaves hidden files and files that are not SQL alone")
    func candidates() {
        #expect(MigrationFileName.isCandidate("001_a.sql"))
        #expect(!MigrationFileName.isCandidate("README.md"))
        #expect(!MigrationFileName.isCandidate(".001_a.sql"))
        #expect(MigrationFileName.isCandidate("001_a.SQL"))
        #expect(MigrationFileName.isCandidate("001_a.Sql"))
        #expect(!MigrationFileName.isCandidate("001_a.sqlite"))
        #expect(!MigrationFileName.isCandidate("sql"))
        #expect(!MigrationFileName.isCandidate("001_a_sql"))
    }

    @Test("refuses a name with letters that are not ASCII, naming the part that holds them",
          arguments: [("001_prïces.sql", "the name 'prïces'"), ("٠٠١_prices.sql", "the version '٠٠١'"),
                      ("001_prices.dückdb.sql", "'.dückdb' is not an engine suffix")])
    func nonASCIINames(name: String, part: String) {
        #expect {
            try MigrationFileName.parse(name)
        } throws: { error in
            (error as? StrataError)?.message.contains(part) == true
        }
    }
}

@Suite("New migration files")
struct MigrationScaffoldTests {
    let now = Date(timeIntervalSince1970: 1_764_093_900)  // 2025-11-25 18:05:00 UTC

    @Test("continues a counter at the folder's width")
    func counter() throws {
        #expect(try MigrationScaffold.fileName(for: "Add Index", existingFiles: [], engine: nil, now: now) == "001_add_index.sql")
        #expect(try MigrationScaffold.fileName(for: "x", existingFiles: ["0009_a.sql", "0010_b.sql", "README.md"], engine: nil, now: now) == "0011_x.sql")
        #expect(try MigrationScaffold.fileName(for: "events", existingFiles: ["1_a.sql"], engine: .clickhouse, now: now) == "2_events.clickhouse.sql")
    }

    @Test("continues timestamps with the current UTC time")
    func timestamps() throws {
        #expect(try MigrationScaffold.fileName(for: "x", existingFiles: ["20240101000000_a.sql"], engine: nil, now: now) == "20251125180500_x.sql")
        #expect(try MigrationScaffold.fileName(for: "x", existingFiles: ["20991231235959_future.sql"], engine: nil, now: now) == "20991231235960_x.sql")
    }

    @Test("turns any wording into a snake_case name, and refuses a name with nothing in it")
    func names() {
        #expect(MigrationScaffold.snakeCase("Add Symbol-Index (v2)") == "add_symbol_index_v2")
        #expect(throws: StrataError.self) { try MigrationScaffold.fileName(for: "--!", existingFiles: [], engine: nil, now: now) }
    }
}
