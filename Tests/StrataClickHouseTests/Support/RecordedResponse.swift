import Foundation
import StrataClickHouse

/// Reads a response recorded under `Recorded/` (see its README): comment lines, the status
/// line, headers, a blank line, the body.
enum RecordedResponse {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ name: String) throws -> ClickHouseResponse {
        guard let folder = Bundle.module.url(forResource: "Recorded", withExtension: nil) else {
            throw Unreadable(description: "the Recorded resource folder is missing from the test bundle")
        }
        let url = folder.appendingPathComponent(name)
        return try parse(String(contentsOf: url, encoding: .utf8), name: name)
    }

    static func parse(_ text: String, name: String) throws -> ClickHouseResponse {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var crlf = false
        while let first = lines.first, first.hasPrefix("#") {
            if first.contains("body-line-endings: crlf") { crlf = true }
            lines = lines.dropFirst()
        }
        guard let statusLine = lines.popFirst(), statusLine.hasPrefix("HTTP/"),
              let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw Unreadable(description: "\(name): no status line")
        }
        var headers: [(name: String, value: String)] = []
        while let line = lines.popFirst(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Unreadable(description: "\(name): bad header \(line)") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = lines.joined(separator: "\n")
        if crlf { body = body.replacingOccurrences(of: "\n", with: "\r\n") }
        return ClickHouseResponse(status: status, headers: headers, body: Array(body.utf8))
    }
}
