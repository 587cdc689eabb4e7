/// The names of the history table, its view and its summary table.
///
/// Names are plain identifiers (letters, digits, `_`, not starting with a digit), so that
/// SQL can always quote them safely. The default is `schema_migrations` with the view
/// `current_schema_version`; another table name `t` gets the view `t_current_version`.
/// The summary table is the history table's name followed by `_state`.
public struct HistoryTable: Sendable, Hashable {
    public let name: String
    public let viewName: String

    /// The one-row table where a driver that keeps one stores the ``HistorySummary``
    /// (DuckDB: `schema_migrations_state`), so that `ensure` reads one row.
    public var stateName: String { name + "_state" }

    /// `schema_migrations` and `current_schema_version`.
    public static let `default` = HistoryTable(validatedName: "schema_migrations", viewName: "current_schema_version")

    /// Checks a table name given by the user.
    public init(name: String) throws(StrataError) {
        guard Self.isPlainIdentifier(name) else {
            throw StrataError(.invalidArgument, "'\(name)' cannot name the history table.",
                              remedy: "Use letters, digits and '_' only, not starting with a digit (default: schema_migrations).")
        }
        self = name == Self.default.name ? .default : HistoryTable(validatedName: name, viewName: name + "_current_version")
    }

    private init(validatedName: String, viewName: String) {
        self.name = validatedName
        self.viewName = viewName
    }

    static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_", text.count <= 120 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
