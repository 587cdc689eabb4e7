import Foundation

/// ClickHouse refused a request: its HTTP status, exception code, and message kept whole.
///
/// The code comes from the `X-ClickHouse-Exception-Code` header when the server sends
/// one (19.x and later), otherwise from the `Code: N` that starts the message (18.16).
/// Both message layouts are understood:
///
/// ```text
/// Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception
/// Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) (version 23.8.1.1)
/// ```
///
/// The message is the server's text, trimmed, never rewritten: it is what a person
/// searches for.
public struct ClickHouseServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The response's HTTP status: 400 for syntax errors, 404 for unknown tables,
    /// columns and settings, 401 and 403 for authentication, 500 for most others, and
    /// 200 when the error arrived after the server had started a successful response.
    public var status: Int
    /// ClickHouse's exception code (60 unknown table, 193 wrong password, ...), when known.
    public var code: Int?
    /// The error's name, e.g. `UNKNOWN_TABLE`, when the message carries one (21.x and later).
    public var name: String?
    /// The server's message, whole.
    public var message: String

    public init(status: Int, code: Int?, name: String? = nil, message: String) {
        self.status = status
        self.code = code
        self.name = name
        self.message = message
    }

    /// Reads an error from its parts. Pure.
    ///
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - codeHeader: the `X-ClickHouse-Exception-Code` header, if any.
    ///   - message: the error text (the body of an error response), trimmed here.
    public init(status: Int, codeHeader: String?, message: String) {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let headerCode = codeHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        self.init(status: status, code: headerCode ?? Self.code(in: text), name: Self.name(in: text),
                  message: text.isEmpty ? "HTTP \(status) with no message" : text)
    }

    /// Whether the server refused the user or password.
    public var isAuthenticationFailure: Bool {
        // 192 UNKNOWN_USER, 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD, 516 AUTHENTICATION_FAILED.
        [192, 193, 194, 516].contains(code ?? -1) || status == 401 || (status == 403 && code == nil)
    }

    /// Whether the error says the table (or view) does not exist (code 60).
    public var isUnknownTable: Bool { code == 60 }

    /// Whether the error says the database does not exist (code 81).
    public var isUnknownDatabase: Bool { code == 81 }

    /// Whether the user may not write or run DDL (code 164, readonly).
    public var isReadonly: Bool { code == 164 }

    /// `ClickHouse error 60 (HTTP 404): Code: 60, ...` on one line.
    public var description: String {
        let codeText = code.map { "ClickHouse error \($0)" } ?? "ClickHouse error"
        return "\(codeText) (HTTP \(status)): \(message)"
    }

    /// The number after the first `Code: ` of a message.
    static func code(in message: String) -> Int? {
        guard let range = message.range(of: "Code: ") else { return nil }
        return Int(message[range.upperBound...].prefix(while: \.isNumber))
    }

    /// The `UPPER_CASE` name in the last parenthesised group of a modern message, before
    /// the `(version ...)` group: `UNKNOWN_TABLE` in `... (UNKNOWN_TABLE) (version 23.8.1.1)`.
    static func name(in message: String) -> String? {
        var text = Substring(message).trimmingSuffix(while: \.isWhitespace)
        if let version = text.range(of: " (version ", options: .backwards), text.hasSuffix(")") {
            text = text[..<version.lowerBound].trimmingSuffix(while: \.isWhitespace)
        }
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let candidate = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard let first = candidate.first, first.isUppercase,
              candidate.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }) else { return nil }
        return String(candidate)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
