import Foundation
import Strata

/// How values look in the command's output.
enum Formatting {
    /// `2026-11-25 18:30:01` (UTC) for people.
    static func humanDate(_ date: Date?) -> String {
        guard let date else { return "-" }
        return UTCTime.dateTime(date)
    }

    /// `2026-11-25T18:30:01.123Z` for JSON.
    static func iso(_ date: Date) -> String {
        UTCTime.iso8601(date)
    }

    /// `4.2 ms`, `1.35 s`.
    static func duration(_ milliseconds: Double?) -> String {
        guard let milliseconds else { return "-" }
        if milliseconds >= 1_000 { return String(format: "%.2f s", milliseconds / 1_000) }
        return String(format: "%.1f ms", milliseconds)
    }

    /// Milliseconds rounded to microseconds, for JSON.
    static func milliseconds(_ value: Double?) -> Double? {
        value.map { ($0 * 1_000).rounded() / 1_000 }
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
