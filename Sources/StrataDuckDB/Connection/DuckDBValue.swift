/// A value bound to, or read from, DuckDB.
///
/// The tool binds every value it writes as a parameter, never by pasting text into SQL.
public enum DuckDBValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)
    /// Days since 1970-01-01.
    case date(Int32)

    public var isNull: Bool { self == .null }

    /// The value as text, when it is text.
    public var string: String? { if case .text(let value) = self { value } else { nil } }

    /// The value as an integer, when it is one.
    public var int64: Int64? { if case .int(let value) = self { value } else { nil } }

    /// The value as a number, when it is one.
    public var double: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }

    /// The value as a boolean, when it is one.
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
}

extension DuckDBValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension Optional where Wrapped == String {
    /// `.text` or `.null`.
    var duckDBValue: DuckDBValue { map(DuckDBValue.text) ?? .null }
}
