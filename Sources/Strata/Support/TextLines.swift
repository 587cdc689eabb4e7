/// Line handling on UTF-8 bytes: fast and exact, whatever the line endings. Pure.
enum TextLines {
    /// The lines of `text`, accepting `\n`, `\r\n` and `\r` endings; a final line ending
    /// does not start an empty last line.
    static func split(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(Substring(utf8[start..<index]))
                var next = utf8.index(after: index)
                if byte == UInt8(ascii: "\r"), next < utf8.endIndex, utf8[next] == UInt8(ascii: "\n") {
                    next = utf8.index(after: next)
                }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        if start < utf8.endIndex || lines.isEmpty { lines.append(Substring(utf8[start..<utf8.endIndex])) }
        return lines
    }

    /// Whether a line holds only ASCII blanks (space, tab, vertical tab, form feed).
    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C }
    }
}
