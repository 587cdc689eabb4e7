/// One value of a query result, as ClickHouse's JSON formats write it.
///
/// ClickHouse quotes 64-bit integers in JSON by default
/// (`output_format_json_quote_64bit_integers=1`), so an `Int64` column arrives as a
/// ``string(_:)``; ``int64`` reads both forms.
///
/// ```swift
/// let rows = try await client.query("SELECT count() AS n FROM system.tables")
/// let count = rows.rows.first?.first?.int64   // UInt64 arrives as "42"
/// ```
public enum ClickHouseValue: Sendable, Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits `Int64`.
    case integer(Int64)
    /// Any other JSON number.
    case number(Double)
    case string(String)
    case array([ClickHouseValue])
    case object([String: ClickHouseValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ClickHouseValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ClickHouseValue].self))
        }
    }

    /// Whether the value is `NULL`.
    public var isNull: Bool { self == .null }

    /// The text of a string value; `nil` for anything else (`NULL` included).
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An integer, whether written as a number or quoted (64-bit integers); `nil` for
    /// anything else or a value out of range.
    public var int64: Int64? {
        switch self {
        case .integer(let value): value
        case .string(let text): Int64(text)
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// A number, whether written as a number or quoted; `nil` for anything else.
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .string(let text): Double(text)
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): value
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields): "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
