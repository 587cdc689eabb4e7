/// What a migration's file name says: `<version>_<name>[.<engine>].sql`.
///
/// ```swift
/// let name = try MigrationFileName.parse("003_events.clickhouse.sql")
/// // version 3, name "events", engine .clickhouse
/// ```
public struct MigrationFileName: Sendable, Hashable {
    public var version: MigrationVersion
    public var name: String
    public var engine: DatabaseEngine?

    /// Whether a file in the migrations folder is meant to be a migration (ends in `.sql`
    /// and is not hidden); other files (a README, notes) are left alone.
    public static func isCandidate(_ fileName: String) -> Bool {
        // `.sql` in any case, compared byte by byte (no other character lowercases to s, q, l).
        let bytes = fileName.utf8
        return bytes.first != UInt8(ascii: ".") && bytes.count >= 4
            && zip(bytes.suffix(4), ".sql".utf8).allSatisfy { $0 == $1 || ($1 >= UInt8(ascii: "a") && $0 == $1 - 0x20) }
    }

    /// Parses a file name, or throws an error that says what a valid name looks like.
    public static func parse(_ fileName: String) throws(StrataError) -> MigrationFileName {
        let example = "Name migrations like 001_create_prices.sql (digits, an underscore, a snake_case name; optionally .duckdb.sql or .clickhouse.sql)."
        func fail(_ why: String) -> StrataError {
            StrataError(.invalidFileName, "\(fileName) is not a migration file name: \(why).",
                        remedy: example, location: SourceLocation(file: fileName))
        }
        // Compared byte by byte: every part that is accepted is ASCII, so a name that holds
        // anything else fails on the part it is in, as it did character by character.
        let bytes = fileName.utf8
        guard bytes.count >= 4, bytes.suffix(4).elementsEqual(".sql".utf8) else { throw fail("it does not end in .sql") }
        var stem = bytes.dropLast(4)
        var engine: DatabaseEngine?
        if let dot = stem.lastIndex(of: UInt8(ascii: ".")) {
            let suffix = String(decoding: stem[stem.index(after: dot)...], as: UTF8.self)
            guard let known = DatabaseEngine(rawValue: suffix) else {
                throw fail("'.\(suffix)' is not an engine suffix (use .duckdb or .clickhouse)")
            }
            engine = known
            stem = stem[..<dot]
        }
        guard let underscore = stem.firstIndex(of: UInt8(ascii: "_")) else {
            throw fail("there is no '_' between the version and the name")
        }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy(isASCIIDigit) else {
            throw fail("the version '\(String(decoding: digits, as: UTF8.self))' is not made of digits")
        }
        guard let version = MigrationVersion(digits: String(decoding: digits, as: UTF8.self)) else {
            throw fail("the version has more than 18 digits")
        }
        guard !name.isEmpty else { throw fail("the name after the version is empty") }
        guard name.allSatisfy({ isASCIIDigit($0) || $0 == UInt8(ascii: "_") || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "z")) }) else {
            throw fail("the name '\(String(decoding: name, as: UTF8.self))' may only hold letters, digits and '_'")
        }
        return MigrationFileName(version: version, name: String(decoding: name, as: UTF8.self), engine: engine)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
