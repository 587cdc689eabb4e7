import Strata

extension DuckDBDriver {
    /// Creates the history table and view when missing; checks an existing table is Strata's.
    ///
    /// One query when the table exists: selecting the newest format version over all of
    /// Strata's columns checks, in one go, that the table exists (a catalog error when it
    /// does not), that it is Strata's (a binder error when a column is missing) and that
    /// this build understands its format. No scan of DuckDB's catalog functions, whose cost
    /// grows with every table in the database.
    public func prepareHistory(_ table: HistoryTable) async throws {
        try await mapErrors {
            try await connection.withSession { session in
                let newest: Int64
                do {
                    newest = try session.query(DuckDBHistorySQL.maxFormatVersion(table)).scalar?.int64 ?? 0
                } catch let error as DuckDBError where error.category == .catalog {
                    try session.transaction {
                        try session.execute(DuckDBHistorySQL.createTable(table))
                        try session.execute(DuckDBHistorySQL.createView(table))
                    }
                    return
                } catch let error as DuckDBError where error.category == .binder {
                    throw Self.foreignTable(table, error)
                }
                if newest > HistoryEvent.currentFormatVersion {
                    throw StrataError(.historyTooNew,
                                      "The history table \(table.name) has format \(newest); this build of Strata understands up to \(HistoryEvent.currentFormatVersion).",
                                      remedy: "Use a newer Strata release.")
                }
            }
        }
    }

    /// Every event; an empty array when the table does not exist (never creates it).
    public func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent] {
        try await mapErrors {
            try await connection.withSession { session in
                let rows: DuckDBRows
                do {
                    rows = try session.query(DuckDBHistorySQL.select(table))
                } catch let error as DuckDBError where error.category == .catalog {
                    return []
                } catch let error as DuckDBError where error.category == .binder {
                    throw Self.foreignTable(table, error)
                }
                return try rows.rows.map { row in try HistoryEvent(duckDBRow: row, table: table) }
            }
        }
    }

    public func append(_ event: HistoryEvent, to table: HistoryTable) async throws {
        try await append([event], to: table)
    }

    /// Appends events in one transaction: all of them or none.
    public func append(_ events: [HistoryEvent], to table: HistoryTable) async throws {
        guard !events.isEmpty else { return }
        try await mapErrors {
            try await connection.withSession { session in
                try session.transaction {
                    try session.withKeptPrepared(DuckDBHistorySQL.insert(table)) { insert in
                        for event in events {
                            try insert.bind(event.duckDBParameters)
                            try insert.execute()
                        }
                    }
                }
            }
        }
    }

    static func foreignTable(_ table: HistoryTable, _ error: DuckDBError) -> StrataError {
        StrataError(
            .foreignHistoryTable,
            "A table named \(table.name) exists but was not created by Strata (its columns differ).",
            remedy: "Another tool may own it (dbmate and golang-migrate use this name too). Choose another history table with --history-table, then adopt the existing schema with `strata baseline V`.",
            underlying: error.message)
    }

    /// Turns DuckDB's errors into ``StrataError`` with DuckDB's message kept.
    func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DuckDBError {
            throw StrataError(.databaseError, "DuckDB refused a history operation.", underlying: error.message)
        }
    }
}
