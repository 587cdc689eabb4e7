import Foundation
import Strata
@testable import StrataClickHouse
import StrataTestSupport
import Testing

@Suite("ClickHouse cluster: replicated history, ON CLUSTER")
struct ClickHouseClusterTests {
    static func migration(_ version: Int, database: String) -> (String, String) {
        (String(format: "%03d_table_%d.sql", version, version), """
            -- migrate:up
            CREATE TABLE t\(version) ON CLUSTER {cluster} (x UInt8) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/\(database)/t\(version)', '{replica}') ORDER BY x;
            -- migrate:down
            DROP TABLE t\(version) ON CLUSTER {cluster};
            """)
    }

    @Test("a migration applied through node 1 is in the status read through node 2 at once, every time")
    func readYourWritesAcrossNodes() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            try await ClickHouseDriver.withDriver(configuration: cluster.configuration(node: 1, database: database), logger: .test) { node1 in
                try await ClickHouseDriver.withDriver(configuration: cluster.configuration(node: 2, database: database), logger: .test) { node2 in
                    var files: [(String, String)] = []
                    for version in 1...6 {
                        files.append(Self.migration(version, database: database))
                        let migrations = try TestEngine.migrations(files)
                        try await Migrator(driver: node1, migrations: migrations, logger: .test).migrate()
                        let seen = Migrator(driver: node2, migrations: migrations, logger: .test)
                        #expect(try await seen.currentVersion() == MigrationVersion(Int64(version)), "node 2 right after migration \(version)")
                        #expect(try await seen.status().migrations.allSatisfy { $0.state == .applied })
                    }
                    let one = try await node1.readHistory(.default).map(\.id)
                    let two = try await node2.readHistory(.default).map(\.id)
                    #expect(one == two && one.count == 12)
                    for node in [node1, node2] {
                        let engine = try await node.client.query(
                            "SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations'").scalar?.string
                        #expect(engine?.hasPrefix("ReplicatedMergeTree('/clickhouse/strata/\(database)/schema_migrations', '{replica}')") == true)
                        #expect(try await node.client.query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 't6'").scalar?.int64 == 1)
                    }
                    // Many more writes, each read back at once through the other node.
                    var missed = 0
                    for round in 1...30 {
                        let event = HistoryEvent(sequence: Int64(round), version: MigrationVersion(1000 + Int64(round)), name: "probe",
                                                 kind: .baseline, appliedBy: "test", toolVersion: "test", engineVersion: "test")
                        let (writer, reader) = round.isMultiple(of: 2) ? (node1, node2) : (node2, node1)
                        try await writer.append(event, to: .default)
                        if try await !reader.readHistory(.default).contains(where: { $0.id == event.id }) { missed += 1 }
                    }
                    #expect(missed == 0, "events written through one node and not seen at once through the other")
                    let applied = try #require(try await node2.readHistory(.default).filter { $0.kind == .applied }.last)
                    let details = try #require(ClusterRunDetails(json: applied.details))
                    #expect(Set(details.onCluster.first?.hosts.map(\.description) ?? []) == [cluster.hostID(node: 1), cluster.hostID(node: 2)])
                    #expect(details.onCluster.first?.hosts.allSatisfy(\.succeeded) == true)
                }
            }
        }
    }

    @Test("a single-server history is refused in cluster mode, a replicated one without it, and an unknown cluster by name")
    func modesDoNotMix() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            let single = cluster.configuration(node: 1, database: database, clusterMode: false)
            try await ClickHouseDriver.withDriver(configuration: single, logger: .test) { driver in
                try await driver.prepareHistory(.default)
            }
            try await ClickHouseDriver.withDriver(configuration: cluster.configuration(node: 1, database: database), logger: .test) { driver in
                let error = await #expect(throws: StrataError.self) { try await driver.prepareHistory(.default) }
                #expect(error?.message.contains("needs it replicated on every node") == true)
                #expect(error?.remedy?.contains("ClickHouse-clusters.md") == true)
                let history = try HistoryTable(name: "cluster_history")
                try await driver.prepareHistory(history)
                try await ClickHouseDriver.withDriver(configuration: single, logger: .test) { singleDriver in
                    let refusal = await #expect(throws: StrataError.self) { try await singleDriver.prepareHistory(history) }
                    #expect(refusal?.remedy?.contains("?cluster=NAME") == true)
                }
            }
            var unknown = cluster.configuration(node: 1, database: database)
            unknown.cluster = "no_such_cluster"
            try await ClickHouseDriver.withDriver(configuration: unknown, logger: .test) { driver in
                let error = await #expect(throws: StrataError.self) { try await driver.prepareHistory(.default) }
                #expect(error?.message.contains("no cluster named 'no_such_cluster'") == true)
                #expect(error?.remedy?.contains(cluster.name) == true)
            }
        }
    }

    @Test("the lock on a cluster: a claim through node 1 is seen and waited for through node 2")
    func lockAcrossNodes() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            try await ClickHouseDriver.withDriver(configuration: cluster.configuration(node: 1, database: database), logger: .test) { node1 in
                try await ClickHouseDriver.withDriver(configuration: cluster.configuration(node: 2, database: database), logger: .test) { node2 in
                    try await node1.prepareHistory(.default)
                    let owner = LockOwner(host: "runner-1", process: 11)
                    try await node1.withMigrationLock(LockRequest(table: .default, owner: owner, timeout: .seconds(5), lease: .seconds(20))) {
                        let holder = try #require(try await node2.lockHolder(.default))
                        #expect(holder.id == owner.id && holder.host == "runner-1" && holder.process == 11, "\(holder)")
                        let late = LockRequest(table: .default, owner: LockOwner(host: "runner-2", process: 22), timeout: .milliseconds(600))
                        let error = await #expect(throws: StrataError.self) { try await node2.withMigrationLock(late) {} }
                        #expect(error?.code == .databaseLocked)
                        #expect(error?.message.contains("runner-1 pid 11") == true)
                    }
                    #expect(try await node2.lockHolder(.default) == nil)
                    try await node2.withMigrationLock(LockRequest(table: .default, owner: LockOwner(host: "runner-2", process: 22), timeout: .seconds(5))) {
                        let holder = try await node1.lockHolder(.default)
                        #expect(holder?.host == "runner-2")
                    }
                }
            }
        }
    }
}
