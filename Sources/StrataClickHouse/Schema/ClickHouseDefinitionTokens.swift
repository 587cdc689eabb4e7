/// One lexical unit of a ClickHouse statement as the server prints it.
struct ClickHouseDefinitionToken: Equatable {
    enum Kind: Equatable {
        /// A run of blanks (collapsed to one space by ``ClickHouseDefinitionTokens/tokens(_:)``).
        case blank
        /// A bare word: letters, digits, `_`, `$`.
        case word
        /// `'...'`, kept as written.
        case string
        /// `` `...` `` or `"..."`, kept as written.
        case quotedName
        /// Any other single character: `(`, `)`, `,`, `.`, `=`, operators.
        case symbol
    }

    var kind: Kind
    var text: String

    /// The name a word or quoted name stands for (quotes and escapes removed).
    var name: String? {
        switch kind {
        case .word:
            return text
        case .quotedName:
            var inner = String(text.dropFirst().dropLast())
            if inner.contains("\\") {
                var result = ""
                var escaped = false
                for character in inner {
                    if escaped { result.append(character); escaped = false } else if character == "\\" { escaped = true } else { result.append(character) }
                }
                inner = result
            }
            let quote = text.first.map(String.init) ?? ""
            return inner.replacingOccurrences(of: quote + quote, with: quote)
        default:
            return nil
        }
    }

    /// Whether this is the bare word `keyword`, in any case.
    func isKeyword(_ keyword: String) -> Bool {
        kind == .word && text.uppercased() == keyword
    }
}

/// Cuts the statements ClickHouse prints (`system.tables.create_table_query`) into tokens.
/// Pure.
///
/// Strings and quoted names run to their closing quote, past backslash escapes and
/// doubled quotes; comments (which the server does not print) count as blanks.
enum ClickHouseDefinitionTokens {
    static func tokens(_ text: String) -> [ClickHouseDefinitionToken] {
        let bytes = Array(text.utf8)
        var tokens: [ClickHouseDefinitionToken] = []
        var index = 0
        func slice(_ start: Int) -> String { String(decoding: bytes[start..<index], as: UTF8.self) }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C }
        func isWord(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
        }
        func appendBlank() {
            if tokens.last?.kind != .blank { tokens.append(ClickHouseDefinitionToken(kind: .blank, text: " ")) }
        }
        while index < bytes.count {
            let start = index
            let byte = bytes[index]
            if isBlank(byte) {
                while index < bytes.count, isBlank(bytes[index]) { index += 1 }
                appendBlank()
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                appendBlank()
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, bytes.count)
                appendBlank()
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                    if bytes[index] == byte {
                        if index + 1 < bytes.count, bytes[index + 1] == byte { index += 2; continue }
                        index += 1
                        break
                    }
                    index += 1
                }
                index = min(index, bytes.count)
                tokens.append(ClickHouseDefinitionToken(kind: byte == UInt8(ascii: "'") ? .string : .quotedName, text: slice(start)))
            } else if isWord(byte) {
                while index < bytes.count, isWord(bytes[index]) { index += 1 }
                tokens.append(ClickHouseDefinitionToken(kind: .word, text: slice(start)))
            } else {
                index += 1
                tokens.append(ClickHouseDefinitionToken(kind: .symbol, text: slice(start)))
            }
        }
        return tokens
    }
}
