import Strata

/// Runs a migration section on a session: statement by statement as DuckDB's parser split
/// it, inside one transaction with the history row when asked.
struct DuckDBScriptRunner {
    let session: DuckDBSession
    let execution: ScriptExecution

    func run() throws -> ScriptOutcome {
        let atomic = execution.atomicCompletion != nil
        return try extracting { extracted in
            let known = extracted.count == execution.statements.count
            if atomic { try session.execute("BEGIN TRANSACTION") }
            let clock = ContinuousClock()
            let start = clock.now
            var index = execution.firstStatement
            // The session as it was before the migration's first USE, SET or PRAGMA, to go back to.
            var sessionBefore: DuckDBSessionState?
            while index <= extracted.count {
                do {
                    try extracted.withPrepared(index - 1) { statement, kind in
                        if atomic, kind == .transaction {
                            throw DuckDBError(message: "Transaction statements (BEGIN, COMMIT, ROLLBACK) cannot run inside a migration: Strata already runs each migration in one transaction with its history row. Remove them, or write the marker as `-- migrate:up transaction:false`.")
                        }
                        if kind == .sessionState, sessionBefore == nil { sessionBefore = try DuckDBSessionState.read(session) }
                        try statement.execute()
                    }
                } catch {
                    if atomic { try? session.execute("ROLLBACK") }
                    var message = (error as? DuckDBError)?.message ?? "\(error)"
                    do {
                        try sessionBefore?.restore(on: session)
                    } catch let restoring {
                        message += " (Also: \((restoring as? DuckDBError)?.message ?? "\(restoring)"))"
                    }
                    throw failure(at: index, known: known, message: message, rolledBack: atomic)
                }
                index += 1
            }
            if let sessionBefore {
                do {
                    try sessionBefore.restore(on: session)
                } catch {
                    if atomic { try? session.execute("ROLLBACK") }
                    throw StrataError(
                        .statementFailed,
                        atomic ? "The migration changed the session in a way Strata cannot undo, so it rolled back; the database is as it was."
                            : "The migration changed the session in a way Strata cannot undo; its statements ran.",
                        remedy: "Move the USE, SET or PRAGMA statement that changes it out of the migration, or set it back at the end of the section.",
                        underlying: (error as? DuckDBError)?.message ?? "\(error)")
                }
            }
            let duration = clock.now - start
            if let completion = execution.atomicCompletion {
                let event = completion.makeEvent(duration)
                do {
                    try session.withKeptPrepared(DuckDBHistorySQL.insert(completion.table)) { insert in
                        try insert.bind(event.duckDBParameters)
                        try insert.execute()
                    }
                } catch {
                    try? session.execute("ROLLBACK")
                    throw StrataError(.databaseError, "Recording the migration in \(completion.table.name) failed, so it rolled back; the database is as it was.",
                                      remedy: "Check the history table with `strata history`.", underlying: "\(error)")
                }
                do {
                    try session.execute("COMMIT")
                } catch {
                    try? session.execute("ROLLBACK")
                    throw StrataError(.databaseError, "DuckDB could not commit the migration (a full disk, or the file became unwritable), so it rolled back; the database is as it was.",
                                      remedy: "Free space or fix the file's permissions, then run the command again.", underlying: "\(error)")
                }
            }
            return ScriptOutcome(duration: duration)
        }
    }

    /// Splits the script with DuckDB's parser; a script that does not parse runs nothing.
    private func extracting<T>(_ body: (DuckDBExtractedStatements) throws -> T) throws -> T {
        do {
            return try session.withExtractedStatements(execution.script, body)
        } catch let error as DuckDBError where error.isParseFailure {
            throw Self.parseFailure(error)
        }
    }

    static func parseFailure(_ error: DuckDBError) -> StrataError {
        StrataError(.statementFailed, "DuckDB cannot parse this section; nothing ran.",
                    remedy: "Fix the SQL (DuckDB's message says where).", underlying: error.message)
    }

    private func failure(at index: Int, known: Bool, message: String, rolledBack: Bool) -> StatementFailure {
        let statement = known && execution.statements.indices.contains(index - 1) ? execution.statements[index - 1] : nil
        let text = statement.flatMap { $0.text.isEmpty ? nil : $0.text }
        return StatementFailure(index: index, text: text, line: text == nil ? nil : statement?.startLine,
                                message: message, rolledBack: rolledBack)
    }
}
