import Strata

extension DuckDBDriver {
    /// The summary of history (see ``HistorySummary``), for a fast `ensure`: the one row of
    /// the summary table when it is known (one small read), otherwise folded from the
    /// events by one query (databases whose history was written by an older build, or a
    /// command that stopped half-way).
    public func historySummary(_ table: HistoryTable) async throws -> HistorySummary? {
        try await mapErrors {
            try await connection.withSession { session in
                if let stored = try Self.storedSummary(session, table) { return stored }
                return try Self.foldedSummary(session, table)
            }
        }
    }

    /// Stores the summary in the summary table, or with `nil` empties it (unknown),
    /// creating the table when it is missing.
    ///
    /// - Throws: ``StrataError/Code/foreignHistoryTable`` when a table of that name exists
    ///   with other columns; it is left untouched.
    public func recordSummary(_ summary: HistorySummary?, of table: HistoryTable) async throws {
        try await mapErrors {
            try await connection.withSession { session in
                // Probed before the transaction: a failed statement would abort it.
                var exists = true
                do {
                    _ = try session.query(DuckDBHistorySQL.selectState(table) + " LIMIT 0")
                } catch let error as DuckDBError where error.category == .catalog {
                    exists = false
                } catch let error as DuckDBError where error.category == .binder {
                    throw Self.foreignStateTable(table, error)
                }
                try session.transaction {
                    if !exists { try session.execute(DuckDBHistorySQL.createState(table)) }
                    try session.execute(DuckDBHistorySQL.clearState(table))
                    guard let summary else { return }
                    try session.withPrepared(DuckDBHistorySQL.insertState(table)) { insert in
                        try insert.bind([
                            summary.currentVersion.map { .int($0.value) } ?? .null, .int(Int64(summary.unsettled)),
                            summary.appliedDigest.map { .text($0) } ?? .null, .int(Int64(summary.newestFormat)),
                        ])
                        try insert.execute()
                    }
                }
            }
        }
    }

    /// The summary table's row; `nil` when the table is missing or empty (unknown).
    private static func storedSummary(_ session: DuckDBSession, _ table: HistoryTable) throws -> HistorySummary? {
        do {
            let rows = try session.query(DuckDBHistorySQL.selectState(table)).rows
            guard rows.count == 1, let row = rows.first else { return nil }
            return summary(row)
        } catch where error.category == .catalog {
            return nil
        } catch where error.category == .binder {
            throw foreignStateTable(table, error)
        }
    }

    /// The summary folded from the events by DuckDB, in one query.
    private static func foldedSummary(_ session: DuckDBSession, _ table: HistoryTable) throws -> HistorySummary? {
        do {
            let rows = try session.query(DuckDBHistorySQL.summary(table)).rows
            return summary(rows.first ?? [])
        } catch {
            switch error.category {
            case .catalog: return HistorySummary(currentVersion: nil, unsettled: 0, appliedDigest: nil, newestFormat: 0)
            case .binder: throw foreignTable(table, error)
            default: throw error
            }
        }
    }

    /// A row of current version, unsettled count, applied digest and newest format.
    private static func summary(_ row: [DuckDBValue]) -> HistorySummary? {
        guard row.count == 4 else { return nil }
        return HistorySummary(
            currentVersion: row[0].int64.map(MigrationVersion.init), unsettled: Int(row[1].int64 ?? 0),
            appliedDigest: row[2].string, newestFormat: Int(row[3].int64 ?? 0))
    }

    static func foreignStateTable(_ table: HistoryTable, _ error: DuckDBError) -> StrataError {
        StrataError(
            .foreignHistoryTable,
            "A table named \(table.stateName) exists but was not created by Strata (its columns differ); Strata keeps the summary of \(table.name) under that name.",
            remedy: "Rename that table, or choose another history table with --history-table (its summary table is named after it).",
            underlying: error.message)
    }
}
