import Strata

/// `strata lint`'s findings, for people and as JSON.
enum LintOutput {
    static func print(_ findings: [LintFinding], applied: (LintFinding) -> Bool, engine: DatabaseEngine, json: Bool) {
        if json {
            Console.out(JSONValue.object([
                ("engine", .string(engine.rawValue)),
                ("findings", .array(findings.map { finding in
                    .object([
                        ("rule", .string(finding.rule)),
                        ("severity", .string(finding.severity.rawValue)),
                        ("file", .string(finding.location.file)),
                        ("line", .optional(finding.location.line)),
                        ("message", .string(finding.message)),
                        ("suggestion", .optional(finding.suggestion)),
                        ("fixable", .bool(finding.fixable)),
                        ("applied", .bool(applied(finding))),
                    ])
                })),
            ]).rendered())
            return
        }
        for finding in findings {
            Console.out(finding.description + (applied(finding) ? " (already applied: cannot change)" : "") + (finding.fixable ? " (fixable: lint --fix)" : ""))
        }
        let counts = LintFinding.Severity.allCases.compactMap { severity -> String? in
            let count = findings.filter { $0.severity == severity }.count
            return count == 0 ? nil : Formatting.plural(count, severity.rawValue)
        }
        Console.out(findings.isEmpty ? "No findings (\(engine.displayName))." : "\(counts.joined(separator: ", ")) (\(engine.displayName)).")
    }
}
