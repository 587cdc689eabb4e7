import Strata

/// `strata check`, for people and as JSON, and its exit code.
enum CheckOutput {
    /// The exit code of the most serious finding; `nil` when the check passed.
    static func exitCode(_ report: CheckReport) -> StrataExitCode? {
        switch report.worst {
        case nil: nil
        case .editedMigration?, .missingMigration?, .failedMigration?: .needsAttention
        case .replayFailed?: .migrationFailed
        case .schemaFileMissing?, .schemaFileDiffers?, .liveSchemaDiffers?: .schemaDrift
        case .pendingMigrations?: .pending
        }
    }

    static func human(_ report: CheckReport, database: String?) -> String {
        var lines = ["Checked the \(report.engine.displayName) migrations" + (database.map { " and \($0)" } ?? " (no live database)") + ":"]
        for step in report.steps {
            let (label, why): (String, String) = switch step.outcome {
            case .passed: ("ok     ", "")
            case .failed: ("FAILED ", "")
            case .skipped(let reason): ("skipped", " (\(reason))")
            }
            lines.append("  \(label)  \(title(step.subject)): \(step.detail)\(why)")
        }
        for finding in report.findings {
            lines.append("")
            lines.append("\(finding.kind.rawValue): \(finding.message)")
            if let expected = finding.expectedLabel, let actual = finding.actualLabel {
                lines += differences(finding.differences, expected: expected, actual: actual)
            }
            if let remedy = finding.remedy { lines.append("  \(remedy)") }
        }
        lines.append("")
        if let code = exitCode(report) {
            lines.append("check failed: \(Formatting.plural(report.findings.count, "problem")) (exit \(code.rawValue)).")
        } else {
            lines.append("check passed.")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: CheckReport, database: String?) -> JSONValue {
        .object([
            ("passed", .bool(report.passed)),
            ("exit_code", .int(Int64(exitCode(report)?.rawValue ?? 0))),
            ("engine", .string(report.engine.rawValue)),
            ("database", .optional(database)),
            ("steps", .array(report.steps.map { step in
                let (outcome, reason): (String, String?) = switch step.outcome {
                case .passed: ("passed", nil)
                case .failed: ("failed", nil)
                case .skipped(let why): ("skipped", why)
                }
                return .object([
                    ("subject", .string(step.subject.rawValue)), ("outcome", .string(outcome)),
                    ("detail", .string(step.detail)), ("reason", .optional(reason)),
                ])
            })),
            ("findings", .array(report.findings.map { finding in
                .object([
                    ("kind", .string(finding.kind.rawValue)),
                    ("message", .string(finding.message)),
                    ("remedy", .optional(finding.remedy)),
                    ("versions", .array(finding.versions.map { .int($0.value) })),
                    ("expected", .optional(finding.expectedLabel)),
                    ("actual", .optional(finding.actualLabel)),
                    ("differences", .array(finding.differences.map(differenceJSON))),
                ])
            })),
        ])
    }

    /// The differences of a finding or a verify failure, each object with its changed lines,
    /// after a line saying which side `-` and `+` are.
    ///
    /// - Parameters:
    ///   - added: how to say that an object is only on the `+` side, e.g. `only in schema.sql`.
    ///   - removed: how to say that it is only on the `-` side.
    static func differences(_ differences: [SchemaDifference], expected: String, actual: String,
                            added: String? = nil, removed: String? = nil) -> [String] {
        guard !differences.isEmpty else { return [] }
        var lines = ["  (- \(expected), + \(actual))"]
        for difference in differences {
            let change = switch difference.change {
            case .added: added ?? "only in \(actual)"
            case .removed: removed ?? "only in \(expected)"
            case .changed: "differs"
            }
            lines.append("  \(difference.kind.rawValue) \(difference.name): \(change)")
            lines += difference.lines.map { "    \($0)" }
        }
        return lines
    }

    static func differenceJSON(_ difference: SchemaDifference) -> JSONValue {
        .object([
            ("kind", .string(difference.kind.rawValue)),
            ("name", .string(difference.name)),
            ("change", .string(difference.change.rawValue)),
            ("members", .array(difference.members.map(JSONValue.string))),
            ("lines", .array(difference.lines.map(JSONValue.string))),
        ])
    }

    private static func title(_ subject: CheckStep.Subject) -> String {
        switch subject {
        case .history: "history"
        case .schemaFile: "schema file"
        case .liveSchema: "live schema"
        }
    }
}
