import Strata

/// `strata history`, for people and as JSON.
enum HistoryOutput {
    static func json(_ events: [HistoryEvent]) -> JSONValue {
        .array(events.map { event in
            .object([
                ("id", .string(event.id)),
                ("sequence", .int(event.sequence)),
                ("version", .int(event.version.value)),
                ("name", .string(event.name)),
                ("description", .optional(event.description)),
                ("event", .string(event.kind.rawValue)),
                ("checksum", .optional(event.checksum?.hex)),
                ("started_at", .optional(event.startedAt)),
                ("finished_at", .optional(event.finishedAt)),
                ("execution_ms", .optional(Formatting.milliseconds(event.executionMilliseconds))),
                ("applied_by", .string(event.appliedBy)),
                ("tool_version", .string(event.toolVersion)),
                ("engine_version", .string(event.engineVersion)),
                ("error", .optional(event.error)),
                ("failed_statement", .optional(event.failedStatement)),
                ("note", .optional(event.note)),
                ("details", .optional(event.details)),
                ("rollback_sql", .optional(event.rollbackSQL)),
            ])
        })
    }

    static func human(_ events: [HistoryEvent]) -> String {
        guard !events.isEmpty else { return "No history yet." }
        let table = TextTable(
            headers: ["WHEN (UTC)", "VERSION", "NAME", "EVENT", "DURATION", "BY", "CHECKSUM", "NOTE"],
            rows: events.map { event in
                var note = event.note ?? ""
                if let statement = event.failedStatement { note = "statement \(statement): " + note }
                if let error = event.error { note += oneLine(error) }
                return [Formatting.humanDate(event.finishedAt ?? event.startedAt), String(event.version.value), event.name,
                        event.kind.rawValue, Formatting.duration(event.executionMilliseconds), event.appliedBy,
                        event.checksum?.short ?? "-", note]
            })
        return table.render()
    }

    static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 120 ? String(line.prefix(117)) + "..." : line
    }
}
