/// `strata validate`: does history agree with the files? Pure.
public struct ValidationReport: Sendable, Hashable {
    /// Applied migrations whose file was edited since.
    public var modified: [MigrationStatus]
    /// Applied migrations with no file.
    public var missing: [MigrationStatus]
    /// Migrations left half-way.
    public var failed: [MigrationStatus]
    /// Versions history knows that no file has, and that are not applied (rolled back or
    /// forgotten before the file was removed): harmless, listed for completeness.
    public var unknownRows: [RecordedMigration]
    /// How many applied migrations match their files.
    public var matching: Int

    /// Whether anything differs.
    public var isValid: Bool { modified.isEmpty && missing.isEmpty && failed.isEmpty }

    /// Compares every applied migration's recorded checksum with its file.
    public static func validate(migrations: [Migration], history: HistoryState) -> ValidationReport {
        let status = Planner.status(migrations: migrations, history: history)
        let files = Set(migrations.map(\.version))
        let unknown = history.migrations.values
            .filter { !files.contains($0.version) && !$0.isApplied && $0.failure == nil }
            .sorted { $0.version < $1.version }
        return ValidationReport(
            modified: status.migrations(in: .modified), missing: status.migrations(in: .missing),
            failed: status.migrations(in: .failed), unknownRows: unknown, matching: status.migrations(in: .applied).count)
    }
}
