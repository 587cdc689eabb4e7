/// Something `strata lint` found in a migration file, with where it is and what to write instead.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    /// How much it matters.
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        /// Will fail or do harm: `lint` exits non-zero.
        case error
        /// Probably a mistake, or irreversible.
        case warning
        /// Worth knowing.
        case info

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank > rhs.rank }
    }

    /// A stable identifier of the rule, e.g. `duckdb-serial`.
    public var rule: String
    public var severity: Severity
    /// File and line.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String
    /// The concrete replacement, e.g. "Use JSON (keeps the JSON functions)."
    public var suggestion: String?
    /// Whether `lint --fix` can rewrite it.
    public var fixable: Bool

    public init(rule: String, severity: Severity, location: SourceLocation, message: String, suggestion: String?, fixable: Bool = false) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.fixable = fixable
    }

    /// `003_alerts.sql:4: error: DuckDB does not know type JSONB. Use JSON (keeps the JSON functions). [duckdb-jsonb]`
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let suggestion { text += " \(suggestion)" }
        return text + " [\(rule)]"
    }
}
