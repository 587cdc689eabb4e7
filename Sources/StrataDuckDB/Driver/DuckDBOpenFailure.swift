import Foundation
import Strata

/// Explains why DuckDB could not open a file, naming the process that holds it.
struct DuckDBOpenFailure {
    let path: String
    let message: String

    var strataError: StrataError {
        if let holder = Self.lockHolder(in: message) {
            let command = Self.commandLine(of: holder.pid).map { ": \($0)" } ?? ""
            return StrataError(
                .databaseLocked,
                "\(path) is in use by another process, PID \(holder.pid) (\(holder.program)\(command)). DuckDB lets one process at a time write a database file.",
                remedy: "Stop that process and run the command again, or migrate from inside it with the Strata library (see the README, \"In your application\").",
                underlying: message)
        }
        if let other = Self.foreignFormat(at: path) {
            return StrataError(
                .databaseUnavailable, "\(path) is \(other), not a DuckDB database.",
                remedy: "Point --url (or DATABASE_URL) at a DuckDB file, or at a new path to create one; Strata does not migrate \(other) files.",
                underlying: message)
        }
        return StrataError(.databaseUnavailable, "DuckDB could not open \(path).",
                           remedy: "Check the path and its permissions.", underlying: message)
    }

    /// What kind of database the file at `path` is when its first bytes say it is not
    /// DuckDB's (whose advice would be to install an extension that cannot be had here).
    static func foreignFormat(at path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)).map(Array.init) ?? []
        if head.starts(with: Array("SQLite format 3\u{0}".utf8)) { return "an SQLite database" }
        if head.starts(with: Array("PAR1".utf8)) { return "a Parquet file" }
        return nil
    }

    /// Finds "Conflicting lock is held in PROGRAM (PID N)" in DuckDB's message.
    static func lockHolder(in message: String) -> (program: String, pid: Int)? {
        guard let held = message.range(of: "Conflicting lock is held in "),
              let pidStart = message.range(of: " (PID ", range: held.upperBound..<message.endIndex) else { return nil }
        let program = String(message[held.upperBound..<pidStart.lowerBound])
        let digits = message[pidStart.upperBound...].prefix(while: \.isNumber)
        guard let pid = Int(digits) else { return nil }
        return (program, pid)
    }

    /// The holder's command line from /proc, when readable.
    static func commandLine(of pid: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let line = words.joined(separator: " ")
        return line.count > 200 ? String(line.prefix(197)) + "..." : line
    }
}
