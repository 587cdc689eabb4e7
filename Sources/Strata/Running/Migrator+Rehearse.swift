import Foundation

extension Migrator {
    /// Runs a plan's steps on a scratch database holding a copy of the schema; the real
    /// database is not touched.
    ///
    /// - Throws: ``StrataError`` naming the file, line and statement that failed on the copy,
    ///   with the engine's own message; or why the schema could not be copied.
    public func rehearse(_ plan: Plan) async throws {
        guard let schemaDriver = driver as? any SchemaDriver else {
            throw StrataError(.invalidArgument, "This database driver cannot lend a scratch database, so it cannot rehearse.",
                              remedy: "Run without --rehearse.")
        }
        let snapshot = try await schemaDriver.schema(excluding: table)
        let copies = snapshot.objects.map { SchemaObject(kind: $0.kind, name: $0.name, definition: schemaDriver.scratchDefinition(of: $0)) }
        let steps = plan.steps
        let direction = plan.direction
        try await schemaDriver.withScratchDatabase { scratch in
            try await Self.copy(copies, into: scratch)
            for step in steps {
                let statements = try await scratch.statements(in: step.sql)
                guard !statements.isEmpty, step.firstStatement <= statements.count else { continue }
                do {
                    _ = try await scratch.run(ScriptExecution(script: step.sql, statements: statements, firstStatement: step.firstStatement))
                } catch let failure as StatementFailure {
                    let verb = direction == .up ? "applying" : "rolling back"
                    throw StrataError(
                        .statementFailed,
                        "Rehearsal failed: statement \(failure.index) of \(statements.count) failed while \(verb) \(step.label) on a copy of the schema. Nothing ran on the real database.",
                        remedy: "Fix the migration and run the command again (`strata lint` may say more).",
                        location: step.location(ofSectionLine: failure.line),
                        statement: StatementContext(index: failure.index, text: failure.text), underlying: failure.message)
                } catch var error as StrataError {
                    // Refused before anything ran (a section the engine cannot parse).
                    if error.location == nil { error.location = step.location(ofSectionLine: nil) }
                    throw error
                }
            }
        }
    }

    /// Creates the objects in a scratch database. Objects that depend on others created
    /// later in dump order (a view over a view) are retried until nothing more succeeds.
    static func copy(_ objects: [SchemaObject], into scratch: any SchemaDriver) async throws {
        var pending = objects
        var lastFailure: (SchemaObject, String)?
        while !pending.isEmpty {
            var failed: [SchemaObject] = []
            for object in pending {
                let sql = object.definition
                do {
                    let statements = try await scratch.statements(in: sql)
                    _ = try await scratch.run(ScriptExecution(script: sql, statements: statements))
                } catch let failure as StatementFailure {
                    failed.append(object)
                    lastFailure = (object, failure.message)
                }
            }
            if failed.count == pending.count {
                let (object, message) = lastFailure ?? (failed[0], "")
                throw StrataError(
                    .databaseError,
                    "Cannot copy the schema for a rehearsal: creating \(object.kind.rawValue) \(object.name) on the copy failed.",
                    remedy: "Run with --no-rehearse, and please report this (with `strata dump`).", underlying: message)
            }
            pending = failed
        }
    }
}
