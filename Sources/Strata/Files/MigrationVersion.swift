/// The number that orders migrations: the digits before the first `_` of a file name.
///
/// Versions compare as numbers, so `001` and `1` are the same version; a counter
/// (`001`, `002`) and a timestamp (`20261125180500`) are both fine. Up to 18 digits.
public struct MigrationVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The version as a number.
    public let value: Int64

    /// Creates a version from its numeric value.
    public init(_ value: Int64) {
        self.value = value
    }

    /// Parses the digits of a version, or returns `nil` when the text is not 1 to 18 digits.
    public init?(digits: some StringProtocol) {
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int64(digits)
        else { return nil }
        self.value = value
    }

    public static func < (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
