import Foundation
import Strata
import Testing

/// Text that cannot be a migration as it stands is refused when the folder is read, naming
/// the line, before `lint`, `validate`, `check` or `up` can take it for something else.
@Suite("Migration file parser: text that would be misread")
struct MigrationFileParserTextTests {
    private func parse(_ bytes: [UInt8]) throws -> Migration {
        try MigrationFileParser.parse(fileName: "001_x.sql", bytes: bytes)
    }

    @Test("refuses a NUL byte, naming its line and column, because DuckDB would skip what follows it")
    func nulByte() {
        let bytes = Array("-- migrate:up\nCREATE TABLE a(i INT);\n-- note".utf8) + [0] + Array("\nCREATE TABLE b(i INT);\n".utf8)
        #expect {
            try parse(bytes)
        } throws: { error in
            let error = error as? StrataError
            return error?.code == .invalidEncoding && error?.location?.line == 3 && error?.message.contains("column 8") == true
                && error?.message.contains("NUL") == true
        }
    }

    @Test("names UTF-16 and UTF-32 text as such, with or without a byte-order mark", arguments: [
        ("UTF-16LE", [0xFF, 0xFE] + Array("-- migrate:up\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        ("UTF-16BE", Array("-- migrate:up\nSELECT 1;\n".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ("UTF-16LE", Array("-- migrate:up\nSELECT 1;\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        ("UTF-32LE", Array("-- migrate:up\nSELECT 1;\n".unicodeScalars).flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }),
    ] as [(String, [UInt8])])
    func wideText(_ encoding: String, _ bytes: [UInt8]) {
        #expect {
            try parse(bytes)
        } throws: { error in
            let error = error as? StrataError
            return error?.code == .invalidEncoding && error?.message == "The file is \(encoding) text, not UTF-8."
                && error?.remedy?.contains("iconv -f \(encoding) -t UTF-8") == true
        }
    }

    @Test("refuses a marker that stands inside a string of the section above it")
    func markerInsideString() {
        let text = "-- migrate:up\nINSERT INTO notes VALUES ('first line\n-- migrate:down\nsecond line');\n"
        #expect {
            try parse(Array(text.utf8))
        } throws: { error in
            let error = error as? StrataError
            return error?.code == .invalidMigrationFile && error?.location?.line == 3
                && error?.message.contains("single-quoted string opened on line 2") == true
        }
    }

    @Test("refuses a marker that stands inside a block comment")
    func markerInsideComment() {
        let text = "-- migrate:up\nCREATE TABLE t (i INT); /* old:\n-- migrate:down\nDROP TABLE t; */\n"
        #expect(throws: StrataError.self) { try parse(Array(text.utf8)) }
    }

    @Test("accepts quotes that one engine escapes and another does not, and # comments")
    func enginesDisagreeingIsNotAnError() throws {
        let clickhouse = "-- migrate:up\nINSERT INTO t VALUES ('it\\'s');\n# don't mind me\n-- migrate:down\nSELECT 1;\n"
        let duckdb = "-- migrate:up\nINSERT INTO t VALUES ('C:\\');\n-- migrate:down\nSELECT 1;\n"
        #expect(try parse(Array(clickhouse.utf8)).down?.sql == "SELECT 1;")
        #expect(try parse(Array(duckdb.utf8)).down?.sql == "SELECT 1;")
    }
}
