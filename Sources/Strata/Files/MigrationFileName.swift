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
        !fileName.hasPrefix(".") && fileName.lowercased().hasSuffix(".sql")
    }

    /// Parses a file name, or throws an error that says what a valid name looks like.
    public static func parse(_ fileName: String) throws(StrataError) -> MigrationFileName {
        let example = "Name migrations like 001_create_prices.sql (digits, an underscore, a snake_case name; optionally .duckdb.sql or .clickhouse.sql)."
        func fail(_ why: String) -> StrataError {
            StrataError(.invalidFileName, "\(fileName) is not a migration file name: \(why).",
                        remedy: example, location: SourceLocation(file: fileName))
        }
        guard fileName.hasSuffix(".sql") else { throw fail("it does not end in .sql") }
        var stem = Substring(fileName.dropLast(4))
        var engine: DatabaseEngine?
        if let dot = stem.lastIndex(of: ".") {
            let suffix = stem[stem.index(after: dot)...]
            guard let known = DatabaseEngine(rawValue: String(suffix)) else {
                throw fail("'.\(suffix)' is not an engine suffix (use .duckdb or .clickhouse)")
            }
            engine = known
            stem = stem[..<dot]
        }
        guard let underscore = stem.firstIndex(of: "_") else {
            throw fail("there is no '_' between the version and the name")
        }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail("the version '\(digits)' is not made of digits")
        }
        guard let version = MigrationVersion(digits: digits) else {
            throw fail("the version has more than 18 digits")
        }
        guard !name.isEmpty else { throw fail("the name after the version is empty") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw fail("the name '\(name)' may only hold letters, digits and '_'")
        }
        return MigrationFileName(version: version, name: String(name), engine: engine)
    }
}
