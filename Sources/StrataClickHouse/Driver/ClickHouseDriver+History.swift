import Strata

extension ClickHouseDriver {
    /// Creates the history table and its view when they are missing, and checks that an
    /// existing table is Strata's, not of a newer format, and made for this topology.
    ///
    /// Two requests when both exist (their columns, then the newest format version), plus
    /// the table's engine. `CREATE ... IF NOT EXISTS` makes two runners starting at once
    /// harmless. In cluster mode the table and view are created `ON CLUSTER` (a replicated
    /// table, see ``ClickHouseTopology``), after checking that the server knows the cluster;
    /// a history table that is not replicated is refused there, and a replicated one is
    /// refused on a single server, since runners in the two modes would not share a lock.
    public func prepareHistory(_ table: HistoryTable) async throws {
        let database = configuration.database
        let name = "\(database).\(table.name)"
        try await checkCluster()
        let columns = try await mapErrors(while: "preparing the history table \(name)") { () async throws -> [String: [String]] in
            let existing = try await client.query(ClickHouseHistorySQL.existingColumns(table, database: database))
            var columns: [String: [String]] = [:]
            for row in existing.rows where row.count == 2 {
                if let object = row[0].string, let column = row[1].string { columns[object, default: []].append(column) }
            }
            return columns
        }
        if let tableColumns = columns[table.name] {
            try checkOwnership(table: table, columns: tableColumns)
            try await mapErrors(while: "preparing the history table \(name)") {
                let newest = try await client.query(ClickHouseHistorySQL.maxFormatVersion(table, database: database)).scalar?.int64 ?? 0
                if newest > HistoryEvent.currentFormatVersion {
                    throw StrataError(.historyTooNew,
                                      "The history table \(name) has format \(newest); this build of Strata understands up to \(HistoryEvent.currentFormatVersion).",
                                      remedy: "Use a newer Strata release.")
                }
                let engine = try await client.query(ClickHouseHistorySQL.engine(table, database: database)).scalar?.string ?? ""
                try checkEngine(engine, table: name)
            }
        } else {
            logger.debug("creating history table", metadata: ["table": "\(name)"])
            try await executeOwnDDL(ClickHouseHistorySQL.createTable(table, database: database, topology: topology),
                                    while: "creating the history table \(name)")
        }
        if columns[table.viewName] == nil {
            logger.debug("creating history view", metadata: ["view": "\(database).\(table.viewName)"])
            try await executeOwnDDL(ClickHouseHistorySQL.createView(table, database: database, topology: topology),
                                    while: "creating the view \(database).\(table.viewName)")
        }
    }

    /// Every history event, oldest first; `[]` when the table does not exist (reading
    /// never creates it). One request on a server.
    ///
    /// An insert that ClickHouse acknowledged is in a committed part of the `MergeTree`
    /// table, so this read sees every event written before it on the same server. On a
    /// cluster the read first waits until this node's replica has every event the other
    /// nodes acknowledged (``ReplicaCatchUp``), so that it sees a write made through another
    /// node a moment ago.
    public func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent] {
        let database = configuration.database
        if topology.clusterName != nil {
            // Cluster mode reads only a replicated history on a cluster the server knows: a
            // single server's table read as if it were the cluster's would be a different history.
            try await checkCluster()
            let engine = try await mapErrors(while: "checking the history table \(database).\(table.name)") {
                try await client.query(ClickHouseHistorySQL.engine(table, database: database)).scalar?.string ?? ""
            }
            if !engine.isEmpty { try checkEngine(engine, table: "\(database).\(table.name)") }
            try await catchUp(table.name)
        }
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
    ///
    /// Every event has a random id and a unique sequence, so a replicated table's insert
    /// deduplication (identical blocks are dropped) never swallows one.
    public func append(_ event: HistoryEvent, to table: HistoryTable) async throws {
        try await append([event], to: table)
    }

    /// Appends events in one INSERT (one block: written whole or not at all).
    public func append(_ events: [HistoryEvent], to table: HistoryTable) async throws {
        guard !events.isEmpty else { return }
        try checkLockHeld()
        let database = configuration.database
        let settings = try await clickHouseVersion().hasAsyncInsert ? ["async_insert": "0"] : [:]
        try await mapErrors(while: "recording \(events.count == 1 ? "a history event" : "history events") in \(database).\(table.name)") {
            try await client.execute(ClickHouseHistorySQL.insert(events, into: table, database: database), settings: settings)
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

    /// A replicated history table belongs to a cluster, a plain one to a single server.
    func checkEngine(_ engine: String, table name: String) throws(StrataError) {
        let replicated = engine.hasPrefix("Replicated")
        if let cluster = topology.clusterName, !replicated {
            throw StrataError(
                .invalidArgument,
                "The history table \(name) is a \(engine) table on this node only, but cluster mode (cluster \(cluster)) needs it replicated on every node.",
                remedy: "Leave out the cluster for a single server. To move this history to the cluster, see Documentation/ClickHouse-clusters.md (\"Moving a single-server history to a cluster\").")
        }
        if topology.clusterName == nil, replicated {
            throw StrataError(
                .invalidArgument,
                "The history table \(name) is replicated (\(engine)): this database belongs to a cluster, and runners must say which one so that they share one lock.",
                remedy: "Add ?cluster=NAME to the URL (or --cluster NAME), with the cluster the history was created on.")
        }
    }
}
