/// Where Strata's own tables live: on one ClickHouse server, or on every node of a cluster.
/// Pure: the SQL fragments that differ between the two.
///
/// On a cluster every table Strata keeps (history, lock lease, lock anchor) is a
/// `ReplicatedMergeTree` created `ON CLUSTER`, with a ZooKeeper path that is the same on
/// every node, `/clickhouse/strata/<database>/<table>`, and the node's `{replica}` macro as
/// replica name: every node holds a replica of one table, so every node reads the same
/// history. The path does not use `{shard}`: all shards share one history.
///
/// ```swift
/// let topology = ClickHouseTopology.cluster("analytics")
/// topology.onCluster                                          // " ON CLUSTER `analytics`"
/// topology.engine(database: "db", table: "schema_migrations")
/// // ReplicatedMergeTree('/clickhouse/strata/db/schema_migrations', '{replica}')
/// ```
public enum ClickHouseTopology: Sendable, Hashable {
    /// One server: plain `MergeTree` tables, no `ON CLUSTER`.
    case server
    /// Every node of the named cluster (from the server's `<remote_servers>`).
    case cluster(String)

    /// The topology a configuration asks for.
    public init(_ configuration: ClickHouseConfiguration) {
        self = configuration.cluster.map(Self.cluster) ?? .server
    }

    /// The cluster's name, `nil` on one server.
    public var clusterName: String? {
        if case .cluster(let name) = self { name } else { nil }
    }

    /// `" ON CLUSTER `name`"` to put after the object's name in DDL, or nothing.
    public var onCluster: String {
        clusterName.map { " ON CLUSTER \(ClickHouseLiteral.identifier($0))" } ?? ""
    }

    /// The engine of a table Strata keeps: `MergeTree`, or on a cluster a
    /// `ReplicatedMergeTree` whose path every node shares.
    public func engine(database: String, table: String) -> String {
        guard clusterName != nil else { return "MergeTree" }
        return "ReplicatedMergeTree(\(ClickHouseLiteral.string(Self.zooKeeperPath(database: database, table: table))), '{replica}')"
    }

    /// `/clickhouse/strata/<database>/<table>`, each name with every byte other than ASCII
    /// letters, digits, `_`, `-` and a `.` that does not start it written as `%HH` (so
    /// that `/`, `..` and ClickHouse's `{macro}` braces in a name cannot change the path).
    public static func zooKeeperPath(database: String, table: String) -> String {
        "/clickhouse/strata/\(pathComponent(database))/\(pathComponent(table))"
    }

    static func pathComponent(_ name: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                bytes.append(byte)
            case UInt8(ascii: ".") where !bytes.isEmpty:
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
