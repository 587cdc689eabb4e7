/// What a run will do, computed once, printable (`--dry-run`), then run.
public struct Plan: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case up, down }

    public var direction: Direction
    public var steps: [PlanStep]
    /// The history the plan was made from (latest sequence); a run refuses to start if the
    /// history has changed since, so that a stale plan is never run.
    public var basis: Int64?

    public init(direction: Direction, steps: [PlanStep], basis: Int64?) {
        self.direction = direction
        self.steps = steps
        self.basis = basis
    }

    public var isEmpty: Bool { steps.isEmpty }
}

/// One migration to apply or roll back.
public struct PlanStep: Sendable, Hashable {
    public var direction: Plan.Direction
    public var version: MigrationVersion
    public var name: String
    public var description: String?
    /// The SQL to run: the up section, or the down section (from the file, or as recorded
    /// in history when the file is gone or edited).
    public var sql: String
    /// Where the SQL comes from, for error messages: the file and the marker line, or `nil`
    /// when it is the rollback SQL recorded in history.
    public var source: SourceLocation?
    /// Whether the section may run in one transaction with its history row.
    public var transactional: Bool
    /// The up section's checksum (recorded when applying).
    public var checksum: Checksum?
    /// The down section to record as rollback SQL when applying.
    public var rollbackSQL: String?
    /// The 1-based statement to start from: 1, or later when resuming a failed migration.
    public var firstStatement: Int
    /// When resuming: the checksum of the statements before ``firstStatement`` as they ran,
    /// which the file's statements must still match.
    public var completedChecksum: Checksum?
    /// When resuming: the driver's detail recorded with the failure (see ``ScriptExecution/resuming``).
    public var failureDetails: String?

    /// `001_create_prices.sql`, or `version 1 (create_prices)` when no file is involved.
    public var label: String { source?.file ?? "version \(version) (\(name))" }

    /// The file location of line `n` (1-based) of ``sql``.
    public func location(ofSectionLine n: Int?) -> SourceLocation {
        guard let source else { return SourceLocation(file: label) }
        guard let n, let marker = source.line else { return source }
        return SourceLocation(file: source.file, line: marker + n)
    }
}
