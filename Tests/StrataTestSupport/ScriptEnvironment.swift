import Foundation

/// The `KEY=value` lines that the start scripts (`scripts/clickhouse/start-server.sh`,
/// `scripts/chdb/start.sh`) write to `DIR/env`. Pure apart from reading the file.
enum ScriptEnvironment {
    /// The assignments in the file at `path`, or `nil` when it cannot be read.
    static func read(_ path: String) -> [String: String]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// The assignments in `text`: one `KEY=value` a line, the value running to the line's end.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }
}
