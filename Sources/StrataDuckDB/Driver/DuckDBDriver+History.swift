import Strata

extension DuckDBDriver {
    public func prepareHistory(_ table: HistoryTable) async throws {
        try await mapErrors {
            try await connection.withSession { session in
                let columns = try session.query(DuckDBHistorySQL.tableColumns, [.text(table.name)]).rows.compactMap { $0.first?.string }
                if columns.isEmpty {
                    try session.transaction {
                        try session.execute(DuckDBHistorySQL.createTable(table))
                        try session.execute(DuckDBHistorySQL.createView(table))
                    }
                    return
                }
                try Self.checkOwnership(table: table, columns: columns)
                let newest = try session.query(DuckDBHistorySQL.maxFormatVersion(table)).scalar?.int64 ?? 0
                if newest > HistoryEvent.currentFormatVersion {
                    throw StrataError(.historyTooNew,
                                      "The history table \(table.name) has format \(newest); this build of Strata understands up to \(HistoryEvent.currentFormatVersion).",
                                      remedy: "Use a newer Strata release.")
                }
            }
        }
    }

    public func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent] {
        try await mapErrors {
            try await connection.withSession { session in
                let columns = try session.query(DuckDBHistorySQL.tableColumns, [.text(table.name)]).rows.compactMap { $0.first?.string }
                if columns.isEmpty { return [] }
                try Self.checkOwnership(table: table, columns: columns)
                return try session.query(DuckDBHistorySQL.select(table)).rows.map { row in
                    try HistoryEvent(duckDBRow: row, table: table)
                }
            }
        }
    }

    public func append(_ event: HistoryEvent, to table: HistoryTable) async throws {
        try await mapErrors {
            try await connection.withSession { session in
                try session.withPrepared(DuckDBHistorySQL.insert(table)) { insert in
                    try insert.bind(event.duckDBParameters)
                    try insert.execute()
                }
            }
        }
    }

    static func checkOwnership(table: HistoryTable, columns: [String]) throws(StrataError) {
        let missing = Set(DuckDBHistorySQL.columns).subtracting(columns)
        guard missing.isEmpty else {
            throw StrataError(
                .foreignHistoryTable,
                "A table named \(table.name) exists but was not created by Strata (it lacks \(missing.sorted().joined(separator: ", "))).",
                remedy: "Another tool may own it (dbmate and golang-migrate use this name too). Choose another history table with --history-table, then adopt the existing schema with `strata baseline V`.")
        }
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
