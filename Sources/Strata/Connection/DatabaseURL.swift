import Foundation

/// Which database a URL names, without opening anything. Pure.
///
/// - `duckdb:data/app.duckdb`, `duckdb:/abs/path.duckdb`, `duckdb::memory:`
/// - `clickhouse://user@host:8123/database` (HTTP), `clickhouses://user@host:8443/database` (HTTPS)
public enum DatabaseURL: Sendable, Hashable {
    /// A DuckDB file path, or `:memory:`.
    case duckdb(path: String)
    /// A ClickHouse URL, parsed further by the ClickHouse driver.
    case clickhouse(url: String)

    /// The engine the URL names.
    public var engine: DatabaseEngine {
        switch self {
        case .duckdb: .duckdb
        case .clickhouse: .clickhouse
        }
    }

    /// Parses a URL given by the user.
    ///
    /// - Throws: ``StrataError/Code/invalidURL`` showing the URL without its password.
    public static func parse(_ text: String) throws(StrataError) -> DatabaseURL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("duckdb:") {
            var path = String(trimmed.dropFirst("duckdb:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else {
                throw StrataError(.invalidURL, "'\(trimmed)' names no DuckDB file.",
                                  remedy: "Write duckdb:PATH, e.g. duckdb:data/app.duckdb, or duckdb::memory: for an in-memory database.")
            }
            return .duckdb(path: path)
        }
        if lowered.hasPrefix("clickhouse://") || lowered.hasPrefix("clickhouses://") {
            return .clickhouse(url: trimmed)
        }
        let shown = URLRedaction.redact(trimmed)
        throw StrataError(
            .invalidURL, shown.isEmpty ? "No database URL was given." : "'\(shown)' is neither a DuckDB nor a ClickHouse URL.",
            remedy: "Pass --url (or set DATABASE_URL) to duckdb:data/app.duckdb, duckdb::memory:, clickhouse://user@host:8123/database or clickhouses://user@host:8443/database.")
    }
}

/// Hides passwords in URLs before they are printed.
public enum URLRedaction {
    /// `scheme://user:secret@host/db` becomes `scheme://user:***@host/db`; query parameters
    /// named `password` are hidden too. Text without credentials is returned unchanged.
    public static func redact(_ url: String) -> String {
        var result = url
        if let scheme = result.range(of: "://") {
            let afterScheme = result[scheme.upperBound...]
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? result.endIndex
            let authority = result[scheme.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        if let query = result.firstIndex(of: "?") {
            let parameters = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                return key.lowercased() == "password" ? "\(key)=***" : String(pair)
            }
            result = String(result[...query]) + parameters.joined(separator: "&")
        }
        return result
    }
}
