import Strata

/// `strata verify`, for people and as JSON, and its exit code.
enum VerifyOutput {
    /// 7 when a down section does not restore the schema, 1 when a statement failed; `nil`
    /// when every migration passed.
    static func exitCode(_ report: VerifyReport) -> StrataExitCode? {
        switch report.failure?.kind {
        case nil: nil
        case .statementFailed?: .migrationFailed
        case .downDoesNotRestore?, .reapplyDiffers?: .schemaDrift
        }
    }

    static func human(_ report: VerifyReport) -> String {
        var lines = ["Verified up, down and up again on a scratch \(report.engine.displayName) database:"]
        for migration in report.migrations {
            let outcome = switch migration.outcome {
            case .reversible: "ok          "
            case .irreversible: "irreversible"
            case .failed: "FAILED      "
            }
            lines.append("  \(outcome)  \(migration.fileName)")
        }
        if let failure = report.failure {
            lines.append("")
            lines.append(failure.message)
            if failure.phase == .down {
                lines += CheckOutput.differences(failure.differences, expected: "before up", actual: "after down",
                                                 added: "left behind by the down section", removed: "not restored by the down section")
            } else {
                lines += CheckOutput.differences(failure.differences, expected: "after the first up", actual: "after up again",
                                                 added: "only after up again", removed: "missing after up again")
            }
            if let error = failure.error {
                lines += error.description.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
            }
            lines.append("  \(failure.remedy)")
        }
        let irreversible = report.irreversible
        if !irreversible.isEmpty {
            lines.append("")
            lines.append("No down section (applied, not rolled back): \(irreversible.map(\.fileName).joined(separator: ", ")).")
        }
        lines.append("")
        if let code = exitCode(report) {
            lines.append("verify failed at \(report.failure?.fileName ?? "?") (exit \(code.rawValue)).")
        } else {
            let reversible = report.migrations.filter { $0.outcome == .reversible }.count
            lines.append("verify passed: \(Formatting.plural(reversible, "migration")) rolled back and re-applied cleanly"
                         + (irreversible.isEmpty ? "." : ", \(irreversible.count) irreversible."))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: VerifyReport) -> JSONValue {
        .object([
            ("passed", .bool(report.passed)),
            ("exit_code", .int(Int64(exitCode(report)?.rawValue ?? 0))),
            ("engine", .string(report.engine.rawValue)),
            ("migrations", .array(report.migrations.map { migration in
                .object([
                    ("version", .int(migration.version.value)),
                    ("name", .string(migration.name)),
                    ("file", .string(migration.fileName)),
                    ("outcome", .string(migration.outcome.rawValue)),
                ])
            })),
            ("irreversible", .array(report.irreversible.map { .int($0.version.value) })),
            ("failure", report.failure.map { failure in
                .object([
                    ("kind", .string(failure.kind.rawValue)),
                    ("phase", .string(failure.phase.rawValue)),
                    ("version", .int(failure.version.value)),
                    ("file", .string(failure.fileName)),
                    ("message", .string(failure.message)),
                    ("remedy", .string(failure.remedy)),
                    ("error", .optional(failure.error?.description)),
                    ("differences", .array(failure.differences.map(CheckOutput.differenceJSON))),
                ])
            } ?? .null),
        ])
    }
}
