import Foundation
import Strata

/// An HTTP response from ClickHouse, and what it means. Pure: no I/O, so that responses
/// recorded from other server versions can be checked without a server.
///
/// A 200 status does not prove success: a query that fails after the server started
/// streaming its result ends with the error in the body. Strata always asks for
/// `wait_end_of_query=1`, which makes the server hold the response until the query is
/// done, so that errors normally come with their own status; ``serverError`` still looks
/// for an error inside a 200 response, in every form ClickHouse writes one:
///
/// - an `X-ClickHouse-Exception-Code` header (sent when progress headers went out first);
/// - a block after the `__exception__` marker (24.x and later; 25.11 and later frame it
///   with the random tag of the `X-ClickHouse-Exception-Tag` header);
/// - an `"exception"` field in a JSON result (`http_write_exception_in_output_format`,
///   23.8 and later);
/// - the error text appended after the rows (`Code: N, e.displayText() = ...` up to 21.x,
///   `Code: N. DB::Exception: ...` after), as 18.16 does.
///
/// The last check reads text, so a result whose last row itself reads like an exception
/// (`Code: 1. DB::Exception ...`) counts as one; ``rows()`` avoids it for JSON results,
/// which cannot have text appended and still parse.
///
/// ```swift
/// let response = ClickHouseResponse(status: 404, headers: [("X-ClickHouse-Exception-Code", "60")],
///                                   body: Array("Code: 60. DB::Exception: ...".utf8))
/// response.serverError?.code  // 60
/// ```
public struct ClickHouseResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Header values by lowercased name (the last one wins when a name repeats).
    public var headers: [String: String]
    /// The body, as received.
    public var body: [UInt8]

    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - headers: the headers, names in any case.
    ///   - body: the body.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    /// A header's value, by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as text (invalid UTF-8 replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The error this response carries, or `nil` when it reports success.
    public var serverError: ClickHouseServerError? {
        let codeHeader = header("X-ClickHouse-Exception-Code")
        let text = text
        if let marked = exceptionAfterMarker(in: text) {
            return ClickHouseServerError(status: status, codeHeader: codeHeader, message: marked)
        }
        if let inJSON = Self.exceptionInJSON(body) {
            return ClickHouseServerError(status: status, codeHeader: codeHeader, message: inJSON)
        }
        if status != 200 {
            return ClickHouseServerError(status: status, codeHeader: codeHeader, message: text)
        }
        if let trailing = Self.trailingException(in: text) {
            return ClickHouseServerError(status: status, codeHeader: codeHeader, message: trailing)
        }
        if let codeHeader, let code = Int(codeHeader), code != 0 {
            return ClickHouseServerError(status: status, codeHeader: codeHeader, message: text)
        }
        return nil
    }

    /// Reads a `JSONCompact` result.
    ///
    /// - Throws: ``ClickHouseServerError`` when the response carries an error, or
    ///   ``StrataError/Code/databaseError`` when the body is not a result Strata can read.
    public func rows() throws -> ClickHouseRows {
        if status == 200, let envelope = try? JSONDecoder().decode(CompactResult.self, from: Data(body)) {
            if let exception = envelope.exception {
                throw ClickHouseServerError(status: status, codeHeader: header("X-ClickHouse-Exception-Code"), message: exception)
            }
            // A complete JSON document leaves no room for appended error text; only a
            // header can still report a late error.
            if let codeHeader = header("X-ClickHouse-Exception-Code"), let code = Int(codeHeader), code != 0 {
                throw ClickHouseServerError(status: status, code: code,
                                            message: "The server reported error \(code) after it had started a successful response.")
            }
            return ClickHouseRows(columns: envelope.meta, rows: envelope.data)
        }
        if let error = serverError { throw error }
        let excerpt = text.count > 300 ? String(text.prefix(300)) + "..." : text
        throw StrataError(.databaseError, "ClickHouse sent a result that is not the JSONCompact Strata asked for.",
                          remedy: "Check that no proxy or server setting rewrites responses; the start of the body is shown.",
                          underlying: excerpt)
    }

    private struct CompactResult: Decodable {
        var meta: [ClickHouseRows.Column]
        var data: [[ClickHouseValue]]
        var exception: String?
    }

    private struct ExceptionOnly: Decodable {
        var exception: String?
    }

    /// The `"exception"` of a JSON body (`{"meta": ..., "exception": "Code: ..."}`).
    static func exceptionInJSON(_ body: [UInt8]) -> String? {
        guard body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") else { return nil }
        return (try? JSONDecoder().decode(ExceptionOnly.self, from: Data(body)))?.exception
    }

    /// The message after the `__exception__` marker, framed by the exception tag when the
    /// server sent one (25.11 and later), or running to the end of the body.
    func exceptionAfterMarker(in text: String) -> String? {
        let marker = "__exception__"
        if let tag = header("X-ClickHouse-Exception-Tag"), !tag.isEmpty {
            for opening in ["\(marker)\r\n\(tag)\r\n", "\(marker)\n\(tag)\n"] {
                guard let start = text.range(of: opening, options: .backwards) else { continue }
                var message = text[start.upperBound...]
                if let close = message.range(of: " \(tag)", options: .backwards) {
                    message = message[..<close.lowerBound]
                    // Drop the "<length>" that precedes the closing tag.
                    if let lineBreak = message.lastIndex(where: \.isNewline) { message = message[..<lineBreak] }
                }
                return String(message)
            }
            return nil
        }
        for opening in ["\(marker)\r\n", "\(marker)\n"] {
            guard let start = text.range(of: opening, options: .backwards) else { continue }
            let message = text[start.upperBound...]
            if message.hasPrefix("Code: ") { return String(message) }
        }
        return nil
    }

    /// The error text that ClickHouse appends after the rows it had already sent:
    /// the last `Code: N, e.displayText() = ...` or `Code: N. ...Exception...` to the end.
    static func trailingException(in text: String) -> String? {
        var searchEnd = text.endIndex
        while let found = text.range(of: "Code: ", options: .backwards, range: text.startIndex..<searchEnd) {
            let after = text[found.upperBound...]
            let digits = after.prefix(while: \.isNumber)
            let rest = after[digits.endIndex...]
            if !digits.isEmpty, rest.hasPrefix(", e.displayText() = ") || (rest.hasPrefix(". ") && rest.contains("Exception")) {
                return String(text[found.lowerBound...])
            }
            searchEnd = found.lowerBound
        }
        return nil
    }
}
