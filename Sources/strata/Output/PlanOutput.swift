import Strata

/// Plans (`--dry-run`), progress and reports of `up` and `down`.
enum PlanOutput {
    static func printPlan(_ plan: Plan, migrator: Migrator, database: String, json: Bool) async throws {
        var counts: [Int] = []
        for step in plan.steps {
            counts.append(try await migrator.driver.statements(in: step.sql).count)
        }
        if json {
            Console.out(JSONValue.object([
                ("direction", .string(plan.direction.rawValue)),
                ("dry_run", .bool(true)),
                ("steps", .array(zip(plan.steps, counts).map { step, count in
                    .object([
                        ("version", .int(step.version.value)),
                        ("name", .string(step.name)),
                        ("source", .string(step.label)),
                        ("statements", .int(Int64(count))),
                        ("first_statement", .int(Int64(step.firstStatement))),
                        ("transactional", .bool(step.transactional)),
                    ])
                })),
            ]).rendered())
            return
        }
        guard !plan.isEmpty else {
            Console.out(plan.direction == .up ? "Nothing to apply: \(database) is up to date." : "Nothing to roll back.")
            return
        }
        let verb = plan.direction == .up ? "apply" : "roll back"
        Console.out("Would \(verb) \(Formatting.plural(plan.steps.count, "migration")) on \(database) (dry run, nothing changed):")
        for (step, count) in zip(plan.steps, counts) {
            let from = step.firstStatement > 1 ? ", resuming at statement \(step.firstStatement)" : ""
            let source = step.source == nil ? " (rollback SQL recorded in history)" : ""
            Console.out("  \(step.label)\(source): \(Formatting.plural(count, "statement"))\(from)")
        }
    }

    @Sendable static func printProgress(_ progress: MigrationProgress) {
        switch progress {
        case .rehearsalStarted(let plan):
            Console.out("Rehearsing \(Formatting.plural(plan.steps.count, "migration")) on a copy of the schema ...")
        case .rehearsalFinished(_, let duration):
            Console.out("  rehearsal passed in \(Formatting.duration(duration.milliseconds)); applying for real.")
        case .stepStarted(let step):
            let verb = step.direction == .up ? "Applying" : "Rolling back"
            let from = step.firstStatement > 1 ? " from statement \(step.firstStatement)" : ""
            Console.out("\(verb) \(step.label)\(from) ...")
        case .stepFinished(_, let result):
            Console.out("  done: \(Formatting.plural(result.statements, "statement")) in \(Formatting.duration(result.milliseconds))")
        }
    }

    static func printReport(_ report: MigrationReport, json: Bool) {
        if json {
            Console.out(JSONValue.object([
                ("direction", .string(report.direction.rawValue)),
                ("current_version", .optional(report.currentVersion?.value)),
                ("steps", .array(report.steps.map { step in
                    .object([
                        ("version", .int(step.version.value)),
                        ("name", .string(step.name)),
                        ("statements", .int(Int64(step.statements))),
                        ("execution_ms", .optional(Formatting.milliseconds(step.milliseconds))),
                    ])
                })),
            ]).rendered())
            return
        }
        let at = report.currentVersion.map { "version \($0)" } ?? "no version (nothing applied)"
        if report.steps.isEmpty {
            Console.out(report.direction == .up ? "Nothing to apply; the database is at \(at)." : "Nothing to roll back; the database is at \(at).")
        } else {
            let verb = report.direction == .up ? "Applied" : "Rolled back"
            Console.out("\(verb) \(Formatting.plural(report.steps.count, "migration")); the database is at \(at).")
        }
    }
}

extension PlanOutput {
    /// Progress printing for people, or nothing when the output is JSON.
    static func progress(json: Bool) -> @Sendable (MigrationProgress) -> Void {
        if json { return { _ in } }
        return { printProgress($0) }
    }
}
