import Foundation

/// Line handling on UTF-8 bytes: fast and exact, whatever the line endings. Pure.
enum TextLines {
    /// The byte ranges of the lines in `bytes` (line endings excluded), accepting `\n`,
    /// `\r\n` and `\r` endings; a final line ending does not start an empty last line,
    /// and empty input is one empty line.
    static func ranges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return [0..<0] }
        var start = 0
        if !hasCarriageReturn(bytes) {
            // Only `\n` endings (the common case): memchr finds each.
            while start < count, let found = memchr(base + start, 0x0A, count - start) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                ranges.append(start..<end)
                start = end + 1
            }
        } else {
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    ranges.append(start..<index)
                    index += (byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A) ? 2 : 1
                    start = index
                } else {
                    index += 1
                }
            }
        }
        if start < count || ranges.isEmpty { ranges.append(start..<count) }
        return ranges
    }

    /// Whether `bytes` hold a `\r` (so their lines are not simply `\n`-separated, and not one
    /// stretch of the text between `\n`s).
    static func hasCarriageReturn(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0x0D, bytes.count) != nil
    }

    /// The lines of `text`, accepting `\n`, `\r\n` and `\r` endings; a final line ending
    /// does not start an empty last line.
    static func split(_ text: String) -> [Substring] {
        var text = text
        let lineRanges = text.withUTF8 { Self.ranges($0) }
        let utf8 = text.utf8
        let base = utf8.startIndex
        return lineRanges.map { range in
            Substring(utf8[utf8.index(base, offsetBy: range.lowerBound)..<utf8.index(base, offsetBy: range.upperBound)])
        }
    }

    /// Whether `byte` is an ASCII blank as Strata counts them in lines: space, tab,
    /// vertical tab, form feed.
    @inline(__always)
    static func isBlankByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// Whether a line holds only ASCII blanks (space, tab, vertical tab, form feed).
    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy(isBlankByte)
    }

    /// Whether the bytes in `range` are only ASCII blanks.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range where !isBlankByte(bytes[index]) { return false }
        return true
    }
}
