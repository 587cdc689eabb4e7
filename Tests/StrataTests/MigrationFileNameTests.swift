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
    }
}
