import Crypto
import Foundation
import Testing
@testable import Strata

@Suite("Migration file parser")
struct MigrationFileParserTests {
    @Test("parses each golden file as recorded", arguments: ParserGolden.names)
    func matchesGolden(_ name: String) throws {
        let actual = ParserGolden.render(name: name, bytes: try ParserGolden.bytes(of: name))
        if ParserGolden.isUpdating {
            try ParserGolden.record(actual, for: name)
            return
        }
        let expected = try #require(ParserGolden.expected(for: name),
                                    "missing \(name).expected; run the tests with STRATA_UPDATE_GOLDEN=1 to record it")
        #expect(actual == expected)
    }

    @Test("has golden files for good files and for every kind of bad input")
    func goldenCoverage() {
        #expect(ParserGolden.names.filter { $0.hasPrefix("0") }.count >= 10)
        #expect(ParserGolden.names.filter { $0.hasPrefix("1") }.count >= 14)
    }

    @Test("every error names the file, and the line when there is one")
    func errorsNameFileAndLine() throws {
        for name in ParserGolden.names where name.hasPrefix("1") {
            let bytes = try ParserGolden.bytes(of: name)
            #expect(throws: StrataError.self) { try MigrationFileParser.parse(fileName: name, bytes: bytes) }
            do {
                _ = try MigrationFileParser.parse(fileName: name, bytes: bytes)
            } catch {
                #expect(error.location?.file == name)
                #expect(error.remedy?.isEmpty == false, "\(name) has no remedy")
                let needsLine = !["101_empty.sql", "102_only_blank_lines.sql", "103_no_up_section.sql"].contains(name)
                if needsLine { #expect(error.location?.line != nil, "\(name) names no line") }
            }
        }
    }

    @Test("names the line of the first byte that is not UTF-8")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("-- migrate:up\nSELECT 1;\nSELECT '".utf8) + [0xC3, 0x28] + Array("';\n".utf8)
        #expect {
            try MigrationFileParser.parse(fileName: "001_x.sql", bytes: bytes)
        } throws: { error in
            let error = error as? StrataError
            return error?.code == .invalidEncoding && error?.location?.line == 3
        }
    }

    @Test("the checksum ignores line endings and blank lines around the SQL, and nothing else")
    func checksumNormalisation() throws {
        let lf = try MigrationFileParser.parse(fileName: "1_a.sql", bytes: Array("-- migrate:up\nCREATE TABLE t (x INT);\n".utf8))
        let crlf = try MigrationFileParser.parse(fileName: "1_a.sql", bytes: Array("-- migrate:up\r\nCREATE TABLE t (x INT);\r\n\r\n".utf8))
        let withDown = try MigrationFileParser.parse(
            fileName: "1_a.sql", bytes: Array("-- migrate:up\nCREATE TABLE t (x INT);\n\n-- migrate:down\nDROP TABLE t;\n".utf8))
        let edited = try MigrationFileParser.parse(fileName: "1_a.sql", bytes: Array("-- migrate:up\nCREATE TABLE t (x BIGINT);\n".utf8))
        let comment = try MigrationFileParser.parse(
            fileName: "1_a.sql", bytes: Array("-- migrate:up\n-- why\nCREATE TABLE t (x INT);\n".utf8))
        #expect(lf.checksum == crlf.checksum)
        #expect(lf.checksum == withDown.checksum, "adding a down section must not change the up checksum")
        #expect(lf.checksum != edited.checksum)
        #expect(lf.checksum != comment.checksum)
        #expect(lf.checksum.hex.count == 64)
    }

    @Test("the checksum is SHA-256 of the normalised up section")
    func checksumIsSHA256() {
        // printf 'SELECT 1;' | sha256sum
        #expect(Checksum(of: "\nSELECT 1;\n\n").hex == "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")
        #expect(Checksum(of: "SELECT 1;").hex == Checksum(of: "\r\nSELECT 1;\r\n").hex)
        #expect(Checksum(of: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the checksum hashes exactly the normalised text, for random texts with every line ending and blank")
    func checksumMatchesNormalisedText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["SELECT 1;", "\n", "\r\n", "\r", " ", "\t", "\u{0B}", "\u{0C}", "é", "-- c", "'x'", "\u{00A0}", ""]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var expected = SHA256()
            expected.update(data: Data(Checksum.normalised(text).utf8))
            let hex = expected.finalize().map { String(format: "%02x", $0) }.joined()
            #expect(Checksum(of: text).hex == hex, "text: \(Array(text.utf8))")
        }
    }

    @Test("a description is trimmed of tabs and Unicode spaces at both ends, as Foundation trims .whitespaces",
          arguments: ["Prices in EUR", "  Prices in EUR \t", "\u{00A0}Prices\u{3000}", "\u{3000} Prices  in EUR\u{2009}",
                      "Prices\u{000C}", "\u{0085}Prices", "Prices \u{0301}", "\t\u{202F}Prix en €\u{205F}"])
    func descriptionTrimming(text: String) throws {
        let file = "-- description:\(text)\n-- migrate:up\nSELECT 1;\n"
        let migration = try MigrationFileParser.parse(fileName: "001_d.sql", bytes: Array(file.utf8))
        #expect(migration.description == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("marker options are read between blanks of any kind",
          arguments: ["-- migrate:up transaction:false", "--\tmigrate:up\ttransaction:false ", "-- migrate:UP\u{000B}transaction:false",
                      "-- migrate:up\u{00A0}transaction:false", "-- migrate:up \u{2003} transaction:false"])
    func markerOptions(marker: String) throws {
        let migration = try MigrationFileParser.parse(fileName: "001_m.sql", bytes: Array("\(marker)\nSELECT 1;\n".utf8))
        #expect(migration.up.options.transaction == false)
    }

    @Test("a section is exactly the lines between its marker and the next, for random lines and line endings")
    func sectionsAreTheLinesBetweenMarkers() throws {
        var generator = SystemRandomNumberGenerator()
        // Lines a section may hold, SQL or not: blank by bytes, blank by characters only
        // (no-break space), comments, SQL starting with ASCII or not, a `-` that is SQL, two
        // dashes that are not `--` by characters (a combining mark joins the second).
        let sql = ["SELECT 1;", "  INSERT INTO t VALUES ('é');", "\u{00A0}SELECT 2;", "éclair", "-1;", "\tFROM t", "--\u{0301} x"]
        let other = ["", "   ", "\t", "\u{00A0}", "-- a comment", "  --indented comment", "--", "-- migrate is only a word here",
                     "\u{00A0}\t-- after a no-break space", "\u{000B}\u{000C}-- after a vertical tab and a form feed"]
        func lines(_ count: Int) -> [String] {
            (0..<count).map { _ in
                Bool.random(using: &generator) ? sql.randomElement(using: &generator)! : other.randomElement(using: &generator)!
            }
        }
        func isSQL(_ line: String) -> Bool { sql.contains(line) }
        for _ in 0..<1000 {
            let header = lines(Int.random(in: 0...3, using: &generator)).filter { !isSQL($0) }
            var upLines = lines(Int.random(in: 0...6, using: &generator))
            if !upLines.contains(where: isSQL) { upLines.append("SELECT 3;") }
            let downLines = Bool.random(using: &generator) ? lines(Int.random(in: 0...4, using: &generator)) : nil
            var fileLines = header + ["-- migrate:up"] + upLines
            if let downLines { fileLines += ["-- migrate:down"] + downLines }
            let ending = ["\n", "\r\n", "\r"].randomElement(using: &generator)!
            // A final line ending ends the last line; without one, a last empty line is no line.
            let endsWithEnding = fileLines.last == "" || Bool.random(using: &generator)
            let text = fileLines.joined(separator: ending) + (endsWithEnding ? ending : "")

            let migration = try MigrationFileParser.parse(fileName: "001_random.sql", bytes: Array(text.utf8))
            #expect(migration.up.sql == upLines.joined(separator: "\n"), "text: \(text.debugDescription)")
            #expect(migration.up.markerLine == header.count + 1)
            let expectedDown = downLines.flatMap { $0.contains(where: isSQL) ? $0.joined(separator: "\n") : nil }
            #expect(migration.down?.sql == expectedDown, "text: \(text.debugDescription)")
        }
    }
}

/// Golden files for the parser: `Golden/parser/NAME.sql` and `NAME.expected`.
///
/// Files named `0*` are valid, `1*` must be refused. To re-record the expected files after a
/// deliberate change, run `STRATA_UPDATE_GOLDEN=1 swift test --filter "Migration file parser"`
/// and review the difference in git.
enum ParserGolden {
    static let directory = Bundle.module.url(forResource: "Golden", withExtension: nil)?
        .appendingPathComponent("parser", isDirectory: true)
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/parser", isDirectory: true)
    static var isUpdating: Bool { ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" }

    static let names: [String] = {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".sql") }.sorted()
    }()

    static func bytes(of name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: (directory ?? sourceDirectory).appendingPathComponent(name)))
    }

    static func expected(for name: String) -> String? {
        let url = (directory ?? sourceDirectory).appendingPathComponent(expectedName(name))
        return (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func record(_ text: String, for name: String) throws {
        try Data(text.utf8).write(to: sourceDirectory.appendingPathComponent(expectedName(name)))
    }

    static func expectedName(_ name: String) -> String { String(name.dropLast(4)) + ".expected" }

    static func render(name: String, bytes: [UInt8]) -> String {
        do {
            let migration = try MigrationFileParser.parse(fileName: name, bytes: bytes)
            var lines = [
                "version: \(migration.version)",
                "name: \(migration.name)",
                "engine: \(migration.engine?.rawValue ?? "any")",
                "description: \(migration.description ?? "-")",
                "directives: \(migration.directives.map(\.rawValue).sorted().joined(separator: ", "))",
                "checksum: \(migration.checksum.hex)",
            ]
            lines += section("up", migration.up)
            if let down = migration.down { lines += section("down", down) } else { lines.append("down: none") }
            return lines.joined(separator: "\n") + "\n"
        } catch {
            return [
                "error: \(error.code.rawValue)",
                "at: \(error.location?.description ?? "-")",
                "message: \(error.message)",
                "remedy: \(error.remedy ?? "-")",
            ].joined(separator: "\n") + "\n"
        }
    }

    private static func section(_ title: String, _ section: MigrationSection) -> [String] {
        ["\(title): marker line \(section.markerLine), transaction \(section.options.transaction)"]
            + section.sql.split(separator: "\n", omittingEmptySubsequences: false).map { "| \($0)" }
    }
}
