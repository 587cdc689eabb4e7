import Foundation

/// Reads the text of a migration file into a ``Migration``.
///
/// A file is an optional header of comments (among them `-- description: ...` and
/// `-- strata:` directives), then `-- migrate:up`, its SQL, and optionally
/// `-- migrate:down` and its SQL. Options follow the marker on the same line:
///
/// ```sql
/// -- description: Prices by symbol and day
/// -- migrate:up
/// CREATE TABLE prices (symbol VARCHAR, day DATE, close DOUBLE);
/// -- migrate:down
/// DROP TABLE prices;
/// ```
///
/// Parsing is pure: it takes the file's name and bytes and returns a value or an error
/// naming the file and line. Anything that looks like a directive but is not one Strata
/// knows is an error, never ignored.
public enum MigrationFileParser {
    /// Parses one file.
    ///
    /// - Parameters:
    ///   - fileName: the file's name, e.g. `001_create_prices.sql`.
    ///   - bytes: the file's contents.
    /// - Throws: ``StrataError`` with the file and line of the first problem.
    public static func parse(fileName: String, bytes: some Collection<UInt8>) throws(StrataError) -> Migration {
        let parsedName = try MigrationFileName.parse(fileName)
        let text = try decodeUTF8(fileName: fileName, bytes: Array(bytes))
        return try parse(fileName: fileName, name: parsedName, text: text)
    }

    static func parse(fileName: String, name: MigrationFileName, text: String) throws(StrataError) -> Migration {
        func fail(_ line: Int?, _ message: String, _ remedy: String) -> StrataError {
            StrataError(.invalidMigrationFile, message, remedy: remedy, location: SourceLocation(file: fileName, line: line))
        }
        let lines = ScannedLines(text)
        guard lines.kinds.contains(where: { $0 != .blank }) else {
            throw fail(nil, "The file is empty.", "Write `-- migrate:up` followed by the SQL that applies the migration, or delete the file.")
        }

        var description: String?
        var directives: Set<MigrationDirective> = []
        var up: SectionLines?
        var down: SectionLines?

        for index in lines.kinds.indices {
            let lineNumber = index + 1
            // Most lines are blank or SQL by their first bytes; only the rest (comments,
            // directives, lines that start with a non-ASCII character) become text.
            let kind: LineKind
            switch lines.kinds[index] {
            case .blank: kind = .blank
            case .sql: kind = .sql
            case .other: kind = try classify(lines.line(index), lineNumber: lineNumber, fileName: fileName)
            }
            switch kind {
            case .marker(let section, let options):
                switch section {
                case .up:
                    if let up {
                        throw fail(lineNumber, "A second `-- migrate:up` marker; the first is on line \(up.marker).",
                                   "Keep one up section per file; put the next change in a new migration (`strata new NAME`).")
                    }
                    if let down {
                        throw fail(lineNumber, "`-- migrate:up` comes after `-- migrate:down` (line \(down.marker)).",
                                   "Put the up section first, then the down section.")
                    }
                    up = SectionLines(marker: lineNumber, options: options)
                case .down:
                    guard up != nil else {
                        throw fail(lineNumber, "`-- migrate:down` comes before any `-- migrate:up`.",
                                   "Put the up section first, then the down section.")
                    }
                    if let down {
                        throw fail(lineNumber, "A second `-- migrate:down` marker; the first is on line \(down.marker).",
                                   "Keep one down section per file.")
                    }
                    down = SectionLines(marker: lineNumber, options: options)
                }
            case .description(let value):
                if up != nil {
                    throw fail(lineNumber, "`-- description:` stands inside a section.",
                               "Move the description above `-- migrate:up`.")
                }
                if description != nil {
                    throw fail(lineNumber, "A second `-- description:` line.", "Keep one description per file.")
                }
                guard !value.isEmpty else {
                    throw fail(lineNumber, "`-- description:` has no text.", "Write the description after the colon, or remove the line.")
                }
                description = value
            case .directive(let directive):
                if up != nil {
                    throw fail(lineNumber, "`-- strata:\(directive.rawValue)` stands inside a section.",
                               "Move header directives above `-- migrate:up`.")
                }
                directives.insert(directive)
            case .comment, .blank:
                if down != nil { down?.add(index, isSQL: false) } else if up != nil { up?.add(index, isSQL: false) }
            case .sql:
                if down != nil {
                    down?.add(index, isSQL: true)
                } else if up != nil {
                    up?.add(index, isSQL: true)
                } else {
                    throw fail(lineNumber, "SQL before `-- migrate:up`.",
                               "Start the file with `-- migrate:up` (after optional `--` comments) and put the statements below it.")
                }
            }
        }

        guard let up else {
            throw fail(nil, "The file has no `-- migrate:up` section.",
                       "Add a line `-- migrate:up` above the SQL that applies the migration.")
        }
        guard up.hasSQL else {
            throw fail(up.marker, "The up section has no SQL.",
                       "Write the statements that apply the migration below `-- migrate:up`.")
        }
        let upSQL = lines.text(of: up)
        if let down {
            try checkMarkerOutsideSQL(down.marker, marker: "-- migrate:down", section: upSQL, sectionMarker: up.marker, fileName: fileName)
        }
        let upSection = MigrationSection(sql: upSQL, markerLine: up.marker, options: up.options)
        let downSection = down.flatMap { down in
            down.hasSQL ? MigrationSection(sql: lines.text(of: down), markerLine: down.marker, options: down.options) : nil
        }
        return Migration(
            version: name.version, name: name.name, fileName: fileName, engine: name.engine,
            description: description, up: upSection, down: downSection, directives: directives)
    }

    /// Refuses a marker that stands inside a string, quoted name, block comment or heredoc
    /// of the section before it: sections are cut at marker lines, so the section would end
    /// inside it and the rest would become the next section, silently.
    ///
    /// Only what every engine would read as still open counts (``SQLSyntax/widest`` and
    /// ``SQLSyntax/common`` both), so that a backslash or `#` one engine reads and another
    /// does not never makes a sound file look broken.
    private static func checkMarkerOutsideSQL(
        _ markerLine: Int, marker: String, section sql: String, sectionMarker: Int, fileName: String
    ) throws(StrataError) {
        let bytes = Array(sql.utf8)
        guard let open = SQLScriptLexer.unclosed(in: bytes, syntax: .widest),
              SQLScriptLexer.unclosed(in: bytes, syntax: .common) != nil else { return }
        let openLine = sectionMarker + 1 + bytes[..<open.offset].count(where: { $0 == SQLByte.lineFeed })
        throw StrataError(
            .invalidMigrationFile,
            "The `\(marker)` marker on line \(markerLine) stands inside the \(open.construct.name) opened on line \(openLine): sections are cut at marker lines, so the section above would end inside it and the rest would run as the next section.",
            remedy: "Close the \(open.construct.name) before line \(markerLine) (\(open.construct.closingDelimiter)); if the marker's text belongs inside it, change that line so that it does not start with `-- migrate:`.",
            location: SourceLocation(file: fileName, line: markerLine))
    }

    // MARK: - Lines

    private enum SectionName: String { case up, down }

    private enum LineKind {
        case marker(SectionName, SectionOptions)
        case description(String)
        case directive(MigrationDirective)
        case comment, blank, sql
    }

    /// The kind of a line that does not start with an ASCII character other than `-` (after
    /// ASCII blanks), by the character-wise rules.
    private static func classify(_ line: Substring, lineNumber: Int, fileName: String) throws(StrataError) -> LineKind {
        let trimmed = droppingLeadingWhitespace(line)
        if trimmed.isEmpty { return .blank }
        guard startsWithTwoDashes(trimmed) else { return .sql }
        let body = droppingLeadingWhitespace(trimmed[trimmed.utf8.index(trimmed.startIndex, offsetBy: 2)...])
        var location: SourceLocation { SourceLocation(file: fileName, line: lineNumber) }
        if hasPrefix(body, caseless: "migrate:") {
            return try marker(body, location: location)
        }
        if hasPrefix(body, caseless: "description:") {
            let value = trimmingSpaces(body.dropFirst("description:".count))
            return .description(value)
        }
        if hasPrefix(body, caseless: "strata:") {
            let word = trimmingSpaces(body.dropFirst("strata:".count))
            guard let directive = MigrationDirective(rawValue: word) else {
                let known = MigrationDirective.allCases.map { "`-- strata:\($0.rawValue)`" }.joined(separator: ", ")
                throw StrataError(.invalidMigrationFile, "Unknown directive `-- strata:\(word)`.",
                                  remedy: "Known directives: \(known). For a plain comment, do not start it with `strata:`.",
                                  location: location)
            }
            return .directive(directive)
        }
        return .comment
    }

    /// `text` without its leading whitespace (`Character.isWhitespace`): ASCII blanks are
    /// skipped byte by byte; a non-ASCII byte among them sends the whole text through the
    /// character-wise rule (it may be a no-break space, or a mark that joins the blank before it).
    private static func droppingLeadingWhitespace(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x80 { return text.drop(while: \.isWhitespace) }
            guard TextLines.isBlankByte(byte) else { break }
            bytes.formIndex(after: &index)
        }
        return text[index...]
    }

    /// `text.hasPrefix("--")`, by bytes unless a non-ASCII byte follows the dashes (a
    /// combining mark would make the second dash another character).
    private static func startsWithTwoDashes(_ text: Substring) -> Bool {
        let bytes = text.utf8
        guard bytes.starts(with: "--".utf8) else { return false }
        guard let next = bytes.dropFirst(2).first, next >= 0x80 else { return true }
        return text.hasPrefix("--")
    }

    /// Whether `text` starts with `prefix` (lowercase ASCII), ASCII letters compared without
    /// case: what lowercasing the whole line and comparing did, without lowercasing it.
    private static func hasPrefix(_ text: Substring, caseless prefix: StaticString) -> Bool {
        var bytes = text.utf8.makeIterator()
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for wanted in expected {
            guard let byte = bytes.next() else { return false }
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            guard folded == wanted else { return false }
        }
        return true
    }

    /// `text.trimmingCharacters(in: .whitespaces)` (tab and Unicode's space separators, Zs),
    /// scalar by scalar, without Foundation's detour through UTF-16.
    private static func trimmingSpaces(_ text: Substring) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    private static func marker(_ body: Substring, location: SourceLocation) throws(StrataError) -> LineKind {
        // An ASCII line is split at ASCII blanks, the same places as at `isWhitespace` (a line
        // holds no line break).
        let words: [Substring] = body.utf8.allSatisfy({ $0 < 0x80 })
            ? body.utf8.split(whereSeparator: TextLines.isBlankByte)
                .map { body[$0.startIndex..<$0.endIndex] }
            : body.split(whereSeparator: \.isWhitespace)
        let sectionWord = words[0].dropFirst("migrate:".count)
        guard let section = SectionName(rawValue: sectionWord.lowercased()) else {
            throw StrataError(.invalidMigrationFile, "Unknown directive `-- migrate:\(sectionWord)`.",
                              remedy: "Sections are `-- migrate:up` and `-- migrate:down`.", location: location)
        }
        var options = SectionOptions()
        for word in words.dropFirst() {
            let parts = word.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == "transaction" else {
                throw StrataError(.invalidMigrationFile, "Unknown option `\(word)` on the `-- migrate:\(section.rawValue)` line.",
                                  remedy: "The only option is `transaction:false` (or `transaction:true`, the default).",
                                  location: location)
            }
            switch parts[1] {
            case "true": options.transaction = true
            case "false": options.transaction = false
            default:
                throw StrataError(.invalidMigrationFile, "`transaction:\(parts[1])` is neither true nor false.",
                                  remedy: "Write `transaction:false` or `transaction:true`.", location: location)
            }
        }
        return .marker(section, options)
    }

    /// Splits text into lines, accepting `\n`, `\r\n` and `\r` endings.
    static func normalisedLines(_ text: String) -> [Substring] {
        TextLines.split(text)
    }

    // MARK: - Encoding

    /// Decodes UTF-8 (dropping a byte-order mark), or names the line of the first invalid byte.
    ///
    /// UTF-16 and UTF-32 text is recognised as such (by its byte-order mark, or by the zero
    /// bytes that fill its ASCII characters), and a NUL byte is refused: DuckDB's C API ends a
    /// script at its first NUL, so whatever follows it would be silently skipped.
    static func decodeUTF8(fileName: String, bytes: [UInt8]) throws(StrataError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let wide = WideText.encoding(of: bytes) {
            throw StrataError(
                .invalidEncoding, "The file is \(wide) text, not UTF-8.",
                remedy: "Save it as UTF-8 (for example `iconv -f \(wide) -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`).",
                location: SourceLocation(file: fileName))
        }
        if let nul = body.firstIndex(of: 0) {
            let before = body[..<nul]
            let line = 1 + before.count(where: { $0 == UInt8(ascii: "\n") })
            let column = nul - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.startIndex) + 1
            throw StrataError(
                .invalidEncoding, "Line \(line) holds a NUL byte (column \(column)): DuckDB would stop reading the section there and skip the rest.",
                remedy: "Remove the NUL byte. For a NUL character in data, write an escape: chr(0) on DuckDB, '\\0' on ClickHouse.",
                location: SourceLocation(file: fileName, line: line))
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = body.makeIterator()
        var offset = body.startIndex
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1, scalar.first == UInt8(ascii: "\n") { line += 1 }
                offset += scalar.count
            case .error(let length):
                let byte = body[offset]
                let hex = String(byte, radix: 16, uppercase: true)
                throw StrataError(
                    .invalidEncoding,
                    "Line \(line) is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset), \(length) byte\(length == 1 ? "" : "s")).",
                    remedy: "Save the file as UTF-8 (for example `iconv -f LATIN1 -t UTF-8`).",
                    location: SourceLocation(file: fileName, line: line))
            case .emptyInput:
                return String(decoding: body, as: UTF8.self)
            }
        }
    }
}
