/// The errors that stop a run because history needs a person's decision, each with the
/// command that resolves it.
enum HistoryProblems {
    static func failed(_ row: MigrationStatus) -> StrataError {
        let failure = row.record?.failure
        let label = row.migration?.fileName ?? "version \(row.version) (\(row.name))"
        var what: String
        switch (failure?.direction, failure?.statement) {
        case (.down?, let statement?):
            what = "\(label) failed at statement \(statement) while being rolled back"
        case (.down?, nil):
            what = "\(label) was interrupted while being rolled back"
        case (_, let statement?):
            what = "\(label) failed at statement \(statement)"
        case (_, nil):
            what = "\(label) was interrupted before its outcome was recorded"
        }
        let next = failure?.statement.map { "`strata up --resume` (retries from statement \($0); earlier statements are not re-run)" }
            ?? "check the schema by hand"
        return StrataError(
            .migrationFailedEarlier,
            "\(what); later migrations wait until it is dealt with.",
            remedy: "Choose one: \(next); `strata repair --resolved \(row.version) --note WHY` (you completed it by hand); `strata repair --rolled-back \(row.version) --note WHY` (you undid it by hand).",
            location: row.migration.map { SourceLocation(file: $0.fileName) },
            underlying: failure?.error)
    }

    static func modified(_ row: MigrationStatus) -> StrataError {
        let file = row.migration?.fileName ?? "version \(row.version)"
        let applied = row.record?.checksum?.short ?? "?"
        let now = row.migration?.checksum.short ?? "?"
        return StrataError(
            .modifiedMigration,
            "\(file) was edited after it was applied (applied checksum \(applied)..., file now \(now)...).",
            remedy: "Restore the file as it was applied and put the change in a new migration, or accept the edit with `strata repair --accept-checksum \(row.version) --note WHY`.",
            location: row.migration.map { SourceLocation(file: $0.fileName) })
    }

    static func missing(_ row: MigrationStatus) -> StrataError {
        StrataError(
            .missingMigration,
            "Version \(row.version) (\(row.name)) is applied but no file in the migrations folder has that version.",
            remedy: "Restore the file (is this an older checkout?), or forget it with `strata repair --forget \(row.version) --note WHY`.")
    }
}
