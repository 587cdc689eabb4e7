import Foundation
import Strata

/// The SQL text of the migration lock on ClickHouse, and the parsing of what it reads back.
/// Pure: names and values in, SQL out; every name and value goes through ``ClickHouseLiteral``.
///
/// The lock has two parts:
///
/// - **The claim**, which only one runner can make at a time. On a single server it is a
///   view with a fixed name, `<history>_lock_claim`, holding the runner's claim token: a
///   second `CREATE VIEW` of that name fails. On a cluster it is a table
///   `<history>_lock_claim_<token>` on the runner's node, a `ReplicatedMergeTree` with the
///   fixed ZooKeeper path `.../<history>_lock_claim` and the fixed replica name
///   `strata_lock_holder`: ZooKeeper lets exactly one replica of that name exist, so a
///   second claim from any node fails until the first is dropped. Every node also keeps a
///   replica of that path under its own name (`<history>_lock_anchor`), so that dropping
///   a claim never removes the path while another runner creates its claim.
/// - **The lease**, rows in `<history>_lock` (replicated on a cluster): who holds the claim
///   (run id, host, process), since when, and until when, by the server's clock. The holder
///   adds a row every third of the lease; a holder that dies stops renewing and its claim
///   expires, after which a waiting runner removes it (only that claim: it is named by its
///   token, or checked before it is dropped) and claims the lock.
enum ClickHouseLockSQL {
    /// The replica name of a claim on a cluster.
    static let holderReplica = "strata_lock_holder"

    static func leaseTable(_ table: HistoryTable) -> String { table.name + "_lock" }
    static func anchorTable(_ table: HistoryTable) -> String { table.name + "_lock_anchor" }
    /// The single-server claim (a view).
    static func serverClaim(_ table: HistoryTable) -> String { table.name + "_lock_claim" }
    /// A cluster claim (a table on the holder's node).
    static func clusterClaim(_ table: HistoryTable, token: String) -> String { table.name + "_lock_claim_" + token }
    /// Where a single-server claim is moved while it is checked before removal.
    static func movedClaim(_ table: HistoryTable, token: String) -> String { table.name + "_lock_moving_" + token }
    /// The ZooKeeper path that cluster claims and anchors share.
    static func claimPath(_ table: HistoryTable, database: String) -> String {
        ClickHouseTopology.zooKeeperPath(database: database, table: table.name + "_lock_claim")
    }

    /// Whether `name` is one of the lock's objects (left out of schema dumps).
    static func isLockObject(_ name: String, of table: HistoryTable) -> Bool {
        name == leaseTable(table) || name.hasPrefix(leaseTable(table) + "_")
    }

    /// A claim token for a run id: its lowercase letters and digits when that gives 8 to 64
    /// of them (a UUID gives its 32 hex digits), otherwise the first 32 hex digits of its SHA-256.
    static func token(for id: String) -> String {
        let plain = String(id.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        if (8...64).contains(plain.count) { return plain }
        return String(Checksum(of: id).hex.prefix(32))
    }

    // MARK: - Tables

    static func createLeaseTable(_ table: HistoryTable, database: String, topology: ClickHouseTopology) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(ClickHouseLiteral.qualified(database, leaseTable(table)))\(topology.onCluster) (
            claim String,
            run_id String,
            host String,
            pid Int64,
            event String,
            at DateTime('UTC') DEFAULT now(),
            expires DateTime('UTC'),
            seq Int64,
            note Nullable(String)
        ) ENGINE = \(topology.engine(database: database, table: leaseTable(table))) ORDER BY (claim, seq)
        """
    }

    static func createAnchor(_ table: HistoryTable, database: String, cluster: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(ClickHouseLiteral.qualified(database, anchorTable(table))) ON CLUSTER \(ClickHouseLiteral.identifier(cluster)) (x UInt8) \
        ENGINE = ReplicatedMergeTree(\(ClickHouseLiteral.string(claimPath(table, database: database))), '{replica}') ORDER BY x
        """
    }

    /// The lock's tables that exist in `database`: rows of one name.
    static func existingTables(_ table: HistoryTable, database: String) -> String {
        """
        SELECT name FROM system.tables
        WHERE database = \(ClickHouseLiteral.string(database)) AND name IN \(ClickHouseLiteral.stringList([leaseTable(table), anchorTable(table)]))
        """
    }

    // MARK: - Claims

    static func createServerClaim(_ table: HistoryTable, database: String, token: String, runID: String) -> String {
        "CREATE VIEW \(ClickHouseLiteral.qualified(database, serverClaim(table))) AS SELECT \(ClickHouseLiteral.string(token)) AS claim, \(ClickHouseLiteral.string(runID)) AS run_id"
    }

    static func createClusterClaim(_ table: HistoryTable, database: String, token: String) -> String {
        """
        CREATE TABLE \(ClickHouseLiteral.qualified(database, clusterClaim(table, token: token))) (x UInt8) \
        ENGINE = ReplicatedMergeTree(\(ClickHouseLiteral.string(claimPath(table, database: database))), \(ClickHouseLiteral.string(holderReplica))) ORDER BY x
        """
    }

    /// The single-server claim: `claim, run_id, since, now` (Unix seconds); unknown table when nobody holds it.
    static func readServerClaim(_ table: HistoryTable, database: String) -> String {
        """
        SELECT claim, run_id,
            (SELECT toUnixTimestamp(any(metadata_modification_time)) FROM system.tables
             WHERE database = \(ClickHouseLiteral.string(database)) AND name = \(ClickHouseLiteral.string(serverClaim(table)))),
            toUnixTimestamp(now())
        FROM \(ClickHouseLiteral.qualified(database, serverClaim(table)))
        """
    }

    /// The cluster claim's replica in ZooKeeper: rows of `name, value, ctime, now`; an error
    /// (ZooKeeper's "No node") when nobody holds the lock.
    static func readClusterClaim(_ table: HistoryTable, database: String) -> String {
        """
        SELECT name, value, toUnixTimestamp(ctime), toUnixTimestamp(now()) FROM system.zookeeper
        WHERE path = \(ClickHouseLiteral.string(claimPath(table, database: database) + "/replicas/" + holderReplica))
        """
    }

    /// The claim table and host named by the `host` node of a cluster claim's replica
    /// (`host: 127.0.0.1\nport: 9009\ntcp_port: 9000\ndatabase: db\ntable: t\n...`).
    static func parseReplicaHost(_ value: String) -> (host: String?, port: Int?, table: String?) {
        var fields: [String: String] = [:]
        for line in value.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (fields["host"], fields["tcp_port"].flatMap { Int($0) }, fields["table"])
    }

    static func dropServerClaim(_ name: String, database: String) -> String {
        "DROP TABLE \(ClickHouseLiteral.qualified(database, name))"
    }

    static func rename(_ from: String, to: String, database: String) -> String {
        "RENAME TABLE \(ClickHouseLiteral.qualified(database, from)) TO \(ClickHouseLiteral.qualified(database, to))"
    }

    static func readMovedClaim(_ name: String, database: String) -> String {
        "SELECT claim FROM \(ClickHouseLiteral.qualified(database, name))"
    }

    static func tableExists(_ name: String, database: String) -> String {
        "SELECT count() FROM system.tables WHERE database = \(ClickHouseLiteral.string(database)) AND name = \(ClickHouseLiteral.string(name))"
    }

    static func dropClusterClaim(_ table: HistoryTable, database: String, token: String, cluster: String?) -> String {
        let onCluster = cluster.map { " ON CLUSTER \(ClickHouseLiteral.identifier($0))" } ?? ""
        return "DROP TABLE IF EXISTS \(ClickHouseLiteral.qualified(database, clusterClaim(table, token: token)))\(onCluster)"
    }

    // MARK: - Lease

    /// Events of the lease log.
    enum LeaseEvent: String {
        case acquired, renewed, released, broken
    }

    /// One lease row; `expires` is the server's `now()` plus the lease, so that every runner
    /// judges expiry by the server's clock.
    static func insertLease(
        _ table: HistoryTable, database: String, token: String, owner: LockOwner, event: LeaseEvent, lease: Duration,
        sequence: Int64, note: String? = nil
    ) -> String {
        let seconds = max(ClickHouseRequest.wholeSeconds(lease), 1)
        let values = [
            ClickHouseLiteral.string(token), ClickHouseLiteral.string(owner.id), ClickHouseLiteral.string(owner.host),
            ClickHouseLiteral.integer(owner.process), ClickHouseLiteral.string(event.rawValue),
            event == .acquired || event == .renewed ? "now() + \(seconds)" : "now()",
            ClickHouseLiteral.integer(sequence), ClickHouseLiteral.string(note),
        ]
        return "INSERT INTO \(ClickHouseLiteral.qualified(database, leaseTable(table))) (claim, run_id, host, pid, event, expires, seq, note) SELECT \(values.joined(separator: ", "))"
    }

    /// One row for a claim: `run_id, host, pid, since, expires, last event, rows, now`
    /// (times as Unix seconds; `rows` 0 when the holder never wrote its lease).
    static func readLease(_ table: HistoryTable, database: String, token: String) -> String {
        """
        SELECT any(run_id), any(host), any(pid), toUnixTimestamp(minIf(at, event = 'acquired')),
            toUnixTimestamp(argMax(expires, seq)), argMax(event, seq), count(), toUnixTimestamp(now())
        FROM \(ClickHouseLiteral.qualified(database, leaseTable(table)))
        WHERE claim = \(ClickHouseLiteral.string(token))
        """
    }
}
