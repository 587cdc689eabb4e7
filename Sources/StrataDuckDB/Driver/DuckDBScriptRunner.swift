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
            while index <= extracted.count {
                do {
                    try extracted.withPrepared(index - 1) { statement, kind in
                        if atomic, kind == .transaction {
                            throw DuckDBError(message: "Transaction statements (BEGIN, COMMIT, ROLLBACK) cannot run inside a migration: Strata already runs each migration in one transaction with its history row. Remove them, or write the marker as `-- migrate:up transaction:false`.")
                        }
                        try statement.execute()
                    }
                } catch {
                    if atomic { try? session.execute("ROLLBACK") }
                    throw failure(at: index, known: known, message: (error as? DuckDBError)?.message ?? "\(error)", rolledBack: atomic)
                }
                index += 1
            }
            let duration = clock.now - start
            if let completion = execution.atomicCompletion {
                let event = completion.makeEvent(duration)
                do {
                    try session.withKeptPrepared(DuckDBHistorySQL.insert(completion.table)) { insert in
                        try insert.bind(event.duckDBParameters)
                        try insert.execute()
                    }
                    try session.execute("COMMIT")
                } catch {
                    try? session.execute("ROLLBACK")
                    throw StrataError(.databaseError, "Recording the migration in \(completion.table.name) failed, so it rolled back; the database is as it was.",
                                      remedy: "Check the history table with `strata history`.", underlying: "\(error)")
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
