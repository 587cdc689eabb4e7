import Strata

extension ClickHouseDriver {
    /// Creates the history table and its view when they are missing, and checks that an
    /// existing table is Strata's and not of a newer format.
    ///
    /// Two requests when both exist (their columns, then the newest format version);
    /// `CREATE ... IF NOT EXISTS` makes two runners starting at once harmless.
    public func prepareHistory(_ table: HistoryTable) async throws {
        let database = configuration.database
        let name = "\(database).\(table.name)"
        try await mapErrors(while: "preparing the history table \(name)") {
            let existing = try await client.query(ClickHouseHistorySQL.existingColumns(table, database: database))
            var columns: [String: [String]] = [:]
            for row in existing.rows where row.count == 2 {
                if let object = row[0].string, let column = row[1].string { columns[object, default: []].append(column) }
            }
            if let tableColumns = columns[table.name] {
                try checkOwnership(table: table, columns: tableColumns)
                let newest = try await client.query(ClickHouseHistorySQL.maxFormatVersion(table, database: database)).scalar?.int64 ?? 0
                if newest > HistoryEvent.currentFormatVersion {
                    throw StrataError(.historyTooNew,
                                      "The history table \(name) has format \(newest); this build of Strata understands up to \(HistoryEvent.currentFormatVersion).",
                                      remedy: "Use a newer Strata release.")
                }
            } else {
                logger.debug("creating history table", metadata: ["table": "\(name)"])
                try await client.execute(ClickHouseHistorySQL.createTable(table, database: database))
            }
            if columns[table.viewName] == nil {
                logger.debug("creating history view", metadata: ["view": "\(database).\(table.viewName)"])
                try await client.execute(ClickHouseHistorySQL.createView(table, database: database))
            }
        }
    }

    /// Every history event, oldest first; `[]` when the table does not exist (reading
    /// never creates it). One request.
    ///
    /// An insert that ClickHouse acknowledged is in a committed part of the `MergeTree`
    /// table, so this read sees every event written before it on the same server.
    public func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent] {
        let database = configuration.database
        let rows: ClickHouseRows
        do {
            rows = try await client.query(ClickHouseHistorySQL.select(table, database: database))
        } catch let error as ClickHouseServerError where error.isUnknownTable {
            return []
        } catch let error as ClickHouseServerError where [16, 47].contains(error.code ?? 0) {
            // NO_SUCH_COLUMN_IN_TABLE, UNKNOWN_IDENTIFIER: the table is not the one Strata makes.
            let existing = try await mapErrors(while: "checking the history table") {
                try await client.query(ClickHouseHistorySQL.existingColumns(table, database: database))
            }
            let columns = existing.rows.filter { $0.first?.string == table.name }.compactMap { $0.last?.string }
            try checkOwnership(table: table, columns: columns)
            throw error.strataError(configuration, while: "reading the history table \(database).\(table.name)")
        } catch let error as ClickHouseServerError {
            throw error.strataError(configuration, while: "reading the history table \(database).\(table.name)")
        }
        return try rows.rows.map { row throws(StrataError) in try HistoryEvent(clickHouseRow: row, table: table) }
    }

    /// Appends one event with one `INSERT ... VALUES` request, its values written by
    /// ``ClickHouseLiteral``. On servers that have asynchronous inserts they are turned off
    /// for this request, so that the insert is in the table when the server answers.
    public func append(_ event: HistoryEvent, to table: HistoryTable) async throws {
        let database = configuration.database
        let settings = try await clickHouseVersion().hasAsyncInsert ? ["async_insert": "0"] : [:]
        try await mapErrors(while: "recording a history event in \(database).\(table.name)") {
            try await client.execute(ClickHouseHistorySQL.insert(event, into: table, database: database), settings: settings)
        }
    }

    func checkOwnership(table: HistoryTable, columns: [String]) throws(StrataError) {
        let missing = Set(ClickHouseHistorySQL.columns).subtracting(columns)
        guard missing.isEmpty else {
            throw StrataError(
                .foreignHistoryTable,
                "A table named \(configuration.database).\(table.name) exists but was not created by Strata (it lacks \(missing.sorted().joined(separator: ", "))).",
                remedy: "Another tool may own it (golang-migrate and dbmate use this name too). Choose another history table with --history-table, then adopt the existing schema with `strata baseline V`.")
        }
    }
}
