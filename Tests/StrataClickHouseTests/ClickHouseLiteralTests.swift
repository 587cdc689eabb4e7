import Foundation
import StrataTestSupport
import Strata
import StrataClickHouse
import Testing

@Suite("ClickHouse literals")
struct ClickHouseLiteralTests {
    @Test("escapes quotes, backslashes and control characters in strings, and nothing else", arguments: [
        ("plain", "'plain'"),
        ("it's", #"'it\'s'"#),
        (#"C:\path\"#, #"'C:\\path\\'"#),
        ("a\nb\tc\rd", #"'a\nb\tc\rd'"#),
        ("nul\u{0}bs\u{8}ff\u{C}", #"'nul\0bs\bff\f'"#),
        ("bell\u{7}esc\u{1B}us\u{1F}", #"'bell\x07esc\x1Bus\x1F'"#),
        ("back`quote \"double\"", "'back`quote \"double\"'"),
        ("zoë → 数据 🙂", "'zoë → 数据 🙂'"),
        ("", "''"),
    ])
    func escapesStrings(_ value: String, _ literal: String) {
        #expect(ClickHouseLiteral.string(value) == literal)
    }

    @Test("back-quotes identifiers, escaping backquotes and backslashes")
    func quotesIdentifiers() {
        #expect(ClickHouseLiteral.identifier("schema_migrations") == "`schema_migrations`")
        #expect(ClickHouseLiteral.identifier("odd`name\\x") == #"`odd\`name\\x`"#)
        #expect(ClickHouseLiteral.qualified("my db", "t") == "`my db`.`t`")
    }

    @Test("writes NULL for missing values, and numbers as ClickHouse reads them")
    func writesNullsAndNumbers() {
        #expect(ClickHouseLiteral.string(nil as String?) == "NULL")
        #expect(ClickHouseLiteral.integer(nil as Int?) == "NULL")
        #expect(ClickHouseLiteral.float(nil as Double?) == "NULL")
        #expect(ClickHouseLiteral.integer(Int64.min) == "-9223372036854775808")
        #expect(ClickHouseLiteral.float(1.5) == "1.5")
        #expect(ClickHouseLiteral.float(.infinity) == "inf")
        #expect(ClickHouseLiteral.float(-.infinity) == "-inf")
        #expect(ClickHouseLiteral.float(.nan) == "nan")
        #expect(ClickHouseLiteral.stringList(["a", "b'c"]) == #"('a', 'b\'c')"#)
    }

    @Test("every byte of a string comes back from ClickHouse 18.16 as it was written")
    func roundTripsEveryByte() async throws {
        // Every character from U+0001 to U+00FF, then multi-byte text.
        let everything = String((1...0xFF).map { Character(Unicode.Scalar(UInt8($0))) }) + "zoë → 数据 🙂 \u{2028}"
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let back = try await client.query("SELECT \(ClickHouseLiteral.string(everything)) AS s, \(ClickHouseLiteral.identifier("odd`name\\")) FROM (SELECT 1 AS \(ClickHouseLiteral.identifier("odd`name\\")))")
                #expect(back.scalar?.string.map { Array($0.utf8) } == Array(everything.utf8))
                #expect(back.columns.last?.name == "odd`name\\")
            }
        }
    }
}
