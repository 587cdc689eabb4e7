import Strata

/// `strata status`, for people and as JSON.
enum StatusOutput {
    static func json(_ report: StatusReport, database: String, engineVersion: String?) -> JSONValue {
        .object([
            ("database", .string(database)),
            ("engine_version", .optional(engineVersion)),
            ("current_version", .optional(report.currentVersion?.value)),
            ("migrations", .array(report.migrations.map(row))),
        ])
    }

    static func row(_ status: MigrationStatus) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("version", .int(status.version.value)),
            ("name", .string(status.name)),
            ("state", .string(status.state.rawValue)),
            ("file", .optional(status.migration?.fileName)),
            ("checksum", .optional(status.checksum?.hex)),
            ("applied_at", .optional(status.appliedAt)),
            ("execution_ms", .optional(Formatting.milliseconds(status.executionMilliseconds))),
        ]
        if status.state == .modified {
            members.append(("applied_checksum", .optional(status.record?.checksum?.hex)))
        }
        if let failure = status.record?.failure {
            members.append(("failure", .object([
                ("direction", .string(failure.direction.rawValue)),
                ("statement", .optional(failure.statement)),
                ("error", .optional(failure.error)),
                ("interrupted", .bool(failure.interrupted)),
            ])))
        }
        return .object(members)
    }

    static func human(_ report: StatusReport, database: String, engineVersion: String?) -> String {
        var lines: [String] = []
        lines.append("Database: \(database)\(engineVersion.map { " (\($0))" } ?? "")")
        lines.append("Current version: \(report.currentVersion.map(String.init(describing:)) ?? "none")")
        lines.append("")
        if report.migrations.isEmpty {
            lines.append("No migrations in the folder and none applied.")
            return lines.joined(separator: "\n")
        }
        let table = TextTable(
            headers: ["VERSION", "NAME", "STATE", "APPLIED AT (UTC)", "DURATION", "CHECKSUM"],
            rows: report.migrations.map { status in
                [String(status.version.value), status.name, status.state.rawValue, Formatting.humanDate(status.appliedAt),
                 Formatting.duration(status.executionMilliseconds), status.checksum?.short ?? "-"]
            })
        lines.append(table.render())
        lines.append("")
        let counts = MigrationState.allCases.compactMap { state -> String? in
            let count = report.migrations(in: state).count
            return count == 0 ? nil : "\(count) \(state.rawValue)"
        }
        lines.append(counts.joined(separator: ", "))
        for status in report.migrations where status.state != .applied && status.state != .pending {
            lines.append(advice(status))
        }
        return lines.joined(separator: "\n")
    }

    static func advice(_ status: MigrationStatus) -> String {
        let label = status.migration?.fileName ?? "version \(status.version) (\(status.name))"
        switch status.state {
        case .modified:
            return "\(label): edited after it was applied. Restore it, or accept it with `strata repair --accept-checksum \(status.version) --note WHY`."
        case .missing:
            return "\(label): applied, but its file is gone. Restore it, or `strata repair --forget \(status.version) --note WHY`."
        case .failed:
            let failure = status.record?.failure
            let at = failure?.statement.map { "failed at statement \($0)" } ?? "was interrupted (no outcome recorded)"
            let direction = failure?.direction == .down ? " while rolling back" : ""
            let error = failure?.error.map { "\n    \($0)" } ?? ""
            let resume = failure?.statement != nil
                ? (failure?.direction == .down ? "`strata down --resume`" : "`strata up --resume`") + " (retries from that statement), "
                : ""
            return "\(label): \(at)\(direction).\(error)\n  Recover with \(resume)`strata repair --resolved \(status.version) --note WHY` or `strata repair --rolled-back \(status.version) --note WHY`."
        case .applied, .pending:
            return ""
        }
    }
}
