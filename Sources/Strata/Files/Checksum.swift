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
        var hasher = SHA256()
        var text = sql
        text.withUTF8 { bytes in
            // The lines between the first and the last that are not blank, each followed by
            // `\n` but the last: the bytes of ``normalised(_:)``, without building it.
            let lines = TextLines.ranges(bytes)
            guard let first = lines.firstIndex(where: { !TextLines.isBlank(bytes, $0) }),
                  let last = lines.lastIndex(where: { !TextLines.isBlank(bytes, $0) }) else { return }
            let raw = UnsafeRawBufferPointer(bytes)
            let span = lines[first].lowerBound..<lines[last].upperBound
            if !TextLines.hasCarriageReturn(UnsafeBufferPointer(rebasing: bytes[span])) {
                // `\n` endings only: those lines are one stretch of the text, hashed at once.
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[span]))
                return
            }
            let newline: [UInt8] = [0x0A]
            for index in first...last {
                if index > first { newline.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[lines[index]]))
            }
        }
        self.hex = LowercaseHex.string(of: hasher.finalize())
    }

    /// The text that is hashed: `\n` line endings, no blank lines before the first line of
    /// SQL or after the last.
    public static func normalised(_ sql: String) -> String {
        var lines = TextLines.split(sql)[...]
        while let first = lines.first, TextLines.isBlank(first) { lines.removeFirst() }
        while let last = lines.last, TextLines.isBlank(last) { lines.removeLast() }
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
