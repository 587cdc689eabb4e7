/// The lines of a migration file's text, found and sorted by their bytes in one pass, so
/// that the parser makes text only of the few lines that need character-wise rules.
///
/// A file of SQL is mostly lines that are blank or start with an ASCII character that is
/// not `-`: those are known from their first bytes. The rest (comments, directives,
/// markers, lines that start with a non-ASCII character) are ``ByteKind/other``, and
/// ``line(_:)`` gives their text. Pure.
struct ScannedLines {
    /// What a line's bytes say about it.
    enum ByteKind: UInt8 {
        /// Only ASCII blanks (space, tab, vertical tab, form feed), or nothing.
        case blank
        /// The first byte after the ASCII blanks is ASCII and not `-`.
        case sql
        /// Anything else: decided by the character-wise rules.
        case other
    }

    /// The scanned text.
    let text: String
    /// Each line's bytes in ``text``'s UTF-8, line endings excluded (see ``TextLines/ranges(_:)``).
    let ranges: [Range<Int>]
    /// Each line's kind, index for index with ``ranges``.
    let kinds: [ByteKind]
    /// Whether the text has a `\r` (then its lines are not one `\n`-separated stretch).
    let hasCarriageReturns: Bool

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        let (ranges, kinds, hasCarriageReturns) = text.withUTF8 { bytes -> ([Range<Int>], [ByteKind], Bool) in
            let ranges = TextLines.ranges(bytes)
            let kinds = ranges.map { Self.kind(bytes, $0) }
            return (ranges, kinds, TextLines.hasCarriageReturn(bytes))
        }
        self.text = text
        self.ranges = ranges
        self.kinds = kinds
        self.hasCarriageReturns = hasCarriageReturns
    }

    /// Line `index` (0-based) as text.
    func line(_ index: Int) -> Substring {
        let utf8 = text.utf8
        let range = ranges[index]
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        // Lines begin and end at ASCII line breaks, so these are character boundaries.
        return Substring(utf8[start..<end])
    }

    /// The text of a section's lines with `\n` between them. Without `\r` in the file they
    /// are one stretch of it, copied once.
    func text(of section: SectionLines) -> String {
        guard let first = section.firstLine else { return "" }
        guard hasCarriageReturns else {
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: ranges[first].lowerBound)
            let end = utf8.index(utf8.startIndex, offsetBy: ranges[section.lastLine].upperBound)
            return String(Substring(utf8[start..<end]))
        }
        return (first...section.lastLine).map { line($0) }.joined(separator: "\n")
    }

    private static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ByteKind {
        for index in range where !TextLines.isBlankByte(bytes[index]) {
            let byte = bytes[index]
            return byte < 0x80 && byte != UInt8(ascii: "-") ? .sql : .other
        }
        return .blank
    }
}

/// The lines of one section of a migration file, as the parser meets them: its marker,
/// options, the first and last line after the marker, and whether any of them is SQL.
struct SectionLines {
    /// The 1-based line of the `-- migrate:` marker.
    let marker: Int
    let options: SectionOptions
    /// 0-based indexes of the section's first and last line; `nil` before any.
    private(set) var firstLine: Int?
    private(set) var lastLine = 0
    /// Whether a line of the section is SQL (not blank, not a comment).
    private(set) var hasSQL = false

    init(marker: Int, options: SectionOptions) {
        self.marker = marker
        self.options = options
    }

    /// Adds the line at `index` (the next line of the file).
    mutating func add(_ index: Int, isSQL: Bool) {
        if firstLine == nil { firstLine = index }
        lastLine = index
        if isSQL { hasSQL = true }
    }
}
