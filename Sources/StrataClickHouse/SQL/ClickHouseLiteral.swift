/// Writes values and names into ClickHouse SQL: the one place where Strata escapes.
///
/// ClickHouse 18.16 has no query parameters, so every value the tool sends (history rows,
/// table and database names in its own queries) is written as a literal by these
/// functions, and nowhere else. They are pure and total.
///
/// Strings are single-quoted with backslash escapes, which every ClickHouse version reads
/// the same way: `\\` and `\'` for backslash and quote; `\n`, `\t`, `\r`, `\0`, `\b`, `\f`
/// for those control characters; `\xHH` for any other byte below 0x20. All other bytes,
/// including UTF-8 sequences of non-ASCII text, are written as they are.
///
/// ```swift
/// ClickHouseLiteral.string("it's a\ttab")     // 'it\'s a\ttab'
/// ClickHouseLiteral.identifier("my`table")    // `my\`table`
/// ClickHouseLiteral.string(nil as String?)    // NULL
/// ClickHouseLiteral.integer(-42)              // -42
/// ```
public enum ClickHouseLiteral {
    /// A string literal: `'...'`, escaped as described above.
    public static func string(_ value: String) -> String {
        quoted(value, quote: UInt8(ascii: "'"))
    }

    /// A string literal, or `NULL`.
    public static func string(_ value: String?) -> String {
        value.map { string($0) } ?? "NULL"
    }

    /// A back-quoted identifier (database, table or column name): `` `...` ``, with
    /// backquotes and backslashes escaped, and control characters as in strings.
    public static func identifier(_ name: String) -> String {
        quoted(name, quote: UInt8(ascii: "`"))
    }

    /// `database.table`, both parts back-quoted.
    public static func qualified(_ database: String, _ table: String) -> String {
        identifier(database) + "." + identifier(table)
    }

    /// An integer literal.
    public static func integer(_ value: some BinaryInteger) -> String {
        String(value)
    }

    /// An integer literal, or `NULL`.
    public static func integer<T: BinaryInteger>(_ value: T?) -> String {
        value.map { integer($0) } ?? "NULL"
    }

    /// A floating-point literal; infinities and NaN as ClickHouse spells them (`inf`,
    /// `-inf`, `nan`).
    public static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// A floating-point literal, or `NULL`.
    public static func float(_ value: Double?) -> String {
        value.map { float($0) } ?? "NULL"
    }

    /// A parenthesised list of string literals, for `IN (...)`: `('a', 'b')`.
    public static func stringList(_ values: [String]) -> String {
        "(" + values.map { string($0) }.joined(separator: ", ") + ")"
    }

    private static func quoted(_ text: String, quote: UInt8) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = [quote]
        bytes.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case quote: bytes += [UInt8(ascii: "\\"), quote]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x00: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case ..<0x20: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }
}
