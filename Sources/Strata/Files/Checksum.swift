import Crypto
import Foundation

/// The SHA-256 of a migration's up section, as lowercase hex.
///
/// The text is normalised before hashing so that a checkout's line endings or a trailing
/// blank line cannot make a shipped migration look edited: line endings become `\n`, and
/// blank lines before the first and after the last line of SQL are left out. Any other
/// change, including to comments and indentation, changes the checksum.
public struct Checksum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 64 lowercase hexadecimal digits.
    public let hex: String

    /// Wraps a checksum read back from history.
    public init(hex: String) {
        self.hex = hex
    }

    /// Computes the checksum of a section's SQL.
    public init(of sql: String) {
        let digest = SHA256.hash(data: Data(Self.normalised(sql).utf8))
        hex = digest.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    /// The text that is hashed: `\n` line endings, no leading or trailing blank lines.
    public static func normalised(_ sql: String) -> String {
        let unified = sql.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The first 12 digits, enough to tell checksums apart in a table.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        hex = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
