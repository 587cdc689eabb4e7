extension SchemaCheck {
    /// Findings from the status of every migration: edited, missing and failed migrations
    /// one by one, pending ones together. Pure.
    static func historyFindings(_ report: StatusReport) -> (CheckStep, [CheckFinding]) {
        var findings: [CheckFinding] = []
        for row in report.migrations {
            let label = row.migration?.fileName ?? "version \(row.version) (\(row.name))"
            switch row.state {
            case .modified:
                let applied = row.record?.checksum?.short ?? "?"
                let now = row.migration?.checksum.short ?? "?"
                findings.append(CheckFinding(
                    kind: .editedMigration,
                    message: "\(label) was edited after it was applied (applied checksum \(applied)..., file now \(now)...).",
                    remedy: "Restore the file as it was applied and put the change in a new migration, or accept the edit with `strata repair --accept-checksum \(row.version) --note WHY`.",
                    versions: [row.version]))
            case .missing:
                findings.append(CheckFinding(
                    kind: .missingMigration,
                    message: "Version \(row.version) (\(row.name)) is applied, but no file in the migrations folder has that version.",
                    remedy: "Restore the file, or forget it with `strata repair --forget \(row.version) --note WHY`.",
                    versions: [row.version]))
            case .failed:
                let failure = row.record?.failure
                let what = failure?.statement.map { "failed at statement \($0)" } ?? "was interrupted"
                findings.append(CheckFinding(
                    kind: .failedMigration,
                    message: "\(label) \(what)\(failure?.direction == .down ? " while being rolled back" : "")\(failure?.error.map { ": \($0)" } ?? ".")",
                    remedy: "See `strata status` for how to recover.",
                    versions: [row.version]))
            case .applied, .pending:
                continue
            }
        }
        let pending = report.migrations(in: .pending)
        if !pending.isEmpty {
            let names = pending.map { $0.migration?.fileName ?? "version \($0.version)" }
            findings.append(CheckFinding(
                kind: .pendingMigrations,
                message: "\(pending.count == 1 ? "1 migration is" : "\(pending.count) migrations are") not applied to the database: \(names.joined(separator: ", ")).",
                remedy: "Apply them with `strata up`.",
                versions: pending.map(\.version)))
        }
        let applied = report.migrations.filter { [.applied, .modified, .missing].contains($0.state) }.count
        let detail = "\(report.migrations.count) migration\(report.migrations.count == 1 ? "" : "s") against history (\(applied) applied)"
        return (CheckStep(subject: .history, outcome: findings.isEmpty ? .passed : .failed, detail: detail), findings)
    }

    /// The finding of the schema-file comparison. Pure.
    static func schemaFileFindings(
        _ file: SchemaFileContents, committed: SchemaSnapshot?, replayed: Result<SchemaSnapshot, StrataError>, migrationCount: Int
    ) -> (CheckStep, [CheckFinding]) {
        let detail = "\(file.path) against \(migrationCount) migration\(migrationCount == 1 ? "" : "s") replayed"
        let produced: SchemaSnapshot
        switch replayed {
        case .failure(let error):
            return (CheckStep(subject: .schemaFile, outcome: .failed, detail: detail), [replayFailure(error)])
        case .success(let snapshot):
            produced = snapshot
        }
        guard let committed else {
            return (CheckStep(subject: .schemaFile, outcome: .failed, detail: detail), [CheckFinding(
                kind: .schemaFileMissing,
                message: "There is no schema file at \(file.path) to compare with the migrations.",
                remedy: "Write it with `strata dump --from-migrations --output \(file.path)` and commit it, or pass --no-schema-file.")])
        }
        let differences = SchemaDifference.compare(expected: produced, actual: committed)
        guard !differences.isEmpty else {
            return (CheckStep(subject: .schemaFile, outcome: .passed, detail: detail + " (\(count(committed.objects.count, "object")))"), [])
        }
        return (CheckStep(subject: .schemaFile, outcome: .failed, detail: detail), [CheckFinding(
            kind: .schemaFileDiffers,
            message: "\(file.path) is not what the migrations produce: \(summary(differences, added: "only in \(file.path)", removed: "missing from \(file.path)")).",
            remedy: "If the migrations are right, regenerate it with `strata dump --from-migrations --output \(file.path)`; if the file is right, write the migration that makes the change (`strata new NAME`).",
            differences: differences, expectedLabel: "the migrations", actualLabel: file.path)])
    }

    /// The finding of the live-schema comparison. Pure.
    static func liveFindings(
        live: SchemaSnapshot, replayed: Result<SchemaSnapshot, StrataError>, appliedCount: Int, reportReplayFailure: Bool
    ) -> (CheckStep, [CheckFinding]) {
        let detail = "the live database against its \(count(appliedCount, "applied migration")) replayed"
        switch replayed {
        case .failure(let error):
            guard reportReplayFailure else {
                return (CheckStep(subject: .liveSchema, outcome: .skipped("the migrations do not replay"), detail: detail), [])
            }
            return (CheckStep(subject: .liveSchema, outcome: .failed, detail: detail), [replayFailure(error)])
        case .success(let expected):
            let differences = SchemaDifference.compare(expected: expected, actual: live)
            guard !differences.isEmpty else {
                return (CheckStep(subject: .liveSchema, outcome: .passed, detail: detail + " (\(count(live.objects.count, "object")))"), [])
            }
            return (CheckStep(subject: .liveSchema, outcome: .failed, detail: detail), [CheckFinding(
                kind: .liveSchemaDiffers,
                message: "The live database's schema is not what its applied migrations produce (changed by hand?): \(summary(differences, added: "only in the live database", removed: "missing from the live database")).",
                remedy: "Put the change in a migration (`strata new NAME`) and undo it by hand, or undo it by hand if it was a mistake.",
                differences: differences, expectedLabel: "the applied migrations", actualLabel: "the live database")])
        }
    }

    static func replayFailure(_ error: StrataError) -> CheckFinding {
        CheckFinding(kind: .replayFailed, message: error.description,
                     remedy: "Fix the migration so that it applies to an empty database; run `strata verify` to try it.")
    }

    /// A short list of what differs, e.g. `table prices changed (volume), index
    /// prices_symbol only in schema.sql`.
    ///
    /// - Parameters:
    ///   - added: how to say that an object is only in the actual schema.
    ///   - removed: how to say that it is only in the expected one.
    static func summary(_ differences: [SchemaDifference], added: String = "added", removed: String = "removed") -> String {
        let parts = differences.prefix(5).map { difference in
            let members = difference.members
            let detail = members.isEmpty ? "" : " (\(members.prefix(4).joined(separator: ", "))\(members.count > 4 ? ", ..." : ""))"
            let change = switch difference.change {
            case .added: added
            case .removed: removed
            case .changed: "changed"
            }
            return "\(difference.kind.rawValue) \(difference.name) \(change)\(detail)"
        }
        let more = differences.count > 5 ? " and \(differences.count - 5) more" : ""
        return parts.joined(separator: ", ") + more
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
