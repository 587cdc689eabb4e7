import Foundation
import Logging
import Strata
import StrataClickHouse

/// A real two-node ClickHouse cluster for the tests: ZooKeeper and two `clickhouse-server`
/// processes forming cluster `strata_cluster` (one shard, replicas `node1` and `node2`),
/// started with `scripts/clickhouse/start-cluster.sh` into a temporary folder and stopped
/// with `scripts/clickhouse/stop.sh` when the test process exits.
///
/// ``shared()`` starts one cluster per test process, for tests that leave the nodes
/// running; each works in a database of its own (``withDatabase(_:)``). A test that stops a
/// node starts a cluster of its own (``withDedicatedCluster(_:)``), so that it never
/// disturbs the others. When a cluster cannot be installed or started, the test fails with
/// the script's output: it never skips.
///
/// ```swift
/// try await TestClickHouseCluster.withDatabase { cluster, database in
///     let url = cluster.url(node: 2, database: database)   // clickhouse://default@127.0.0.1:PORT/db?cluster=strata_cluster
/// }
/// ```
public enum TestClickHouseCluster {
    /// What `start-cluster.sh` wrote to `DIR/env`.
    public struct Running: Sendable {
        public let folder: String
        /// The cluster's name in `<remote_servers>`.
        public let name: String
        /// HTTP ports of node 1 and node 2.
        public let httpPorts: [Int]
        /// Native (TCP) ports of node 1 and node 2: how the cluster names its hosts.
        public let tcpPorts: [Int]
        public let version: String
    }

    /// Starts the shared cluster the first time it is asked for; later calls wait for the same start.
    public static func shared() async throws -> Running {
        try await starter.value.get()
    }

    private static let starter = Task<Result<Running, TestClickHouse.StartFailure>, Never> { start() }

    /// A cluster of its own for `body`, stopped (and its folder removed) afterwards.
    public static func withDedicatedCluster<T>(_ body: (Running) async throws -> T) async throws -> T {
        let cluster = try start().get()
        defer { stop(cluster) }
        return try await body(cluster)
    }

    /// A fresh database, created `ON CLUSTER` on the shared cluster and dropped afterwards.
    public static func withDatabase<T>(_ body: (Running, String) async throws -> T) async throws -> T {
        let cluster = try await shared()
        return try await withDatabase(on: cluster) { try await body(cluster, $0) }
    }

    /// A fresh database, created `ON CLUSTER` on `cluster` and dropped afterwards.
    public static func withDatabase<T>(on cluster: Running, _ body: (String) async throws -> T) async throws -> T {
        let database = "cluster_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = cluster.configuration(node: 1, database: "default", clusterMode: false)
        try await ClickHouseClient.withClient(configuration: admin, logger: .test) { client in
            try await client.execute("CREATE DATABASE \(ClickHouseLiteral.identifier(database)) ON CLUSTER \(ClickHouseLiteral.identifier(cluster.name))",
                                     settings: ["distributed_ddl_task_timeout": "60"])
        }
        do {
            let result = try await body(database)
            try? await drop(database, on: cluster)
            return result
        } catch {
            try? await drop(database, on: cluster)
            throw error
        }
    }

    private static func drop(_ database: String, on cluster: Running) async throws {
        // Each node drops its own copy, so that a node that is down does not hold up the others.
        for node in [1, 2] {
            let admin = cluster.configuration(node: node, database: "default", clusterMode: false)
            try? await ClickHouseClient.withClient(configuration: admin, logger: .test) { client in
                try await client.execute("DROP DATABASE IF EXISTS \(ClickHouseLiteral.identifier(database))")
            }
        }
    }

    // MARK: - Starting and stopping

    static func start() -> Result<Running, TestClickHouse.StartFailure> {
        let scripts = TestClickHouse.repositoryRoot.appendingPathComponent("scripts/clickhouse")
        let install = TestClickHouse.run("/bin/bash", [scripts.appendingPathComponent("install.sh").path])
        guard install.status == 0 else {
            return .failure(.init(description: "scripts/clickhouse/install.sh failed (exit \(install.status)):\n\(install.output)"))
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-cluster-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        let started = TestClickHouse.run("/bin/bash", [scripts.appendingPathComponent("start-cluster.sh").path, folder])
        TestClickHouse.stopAtExit(folder)
        guard started.status == 0 else {
            return .failure(.init(description: "scripts/clickhouse/start-cluster.sh \(folder) failed (exit \(started.status)):\n\(started.output)"))
        }
        guard let environment = try? String(contentsOfFile: folder + "/env", encoding: .utf8) else {
            return .failure(.init(description: "start-cluster.sh succeeded but wrote no \(folder)/env:\n\(started.output)"))
        }
        var values: [String: String] = [:]
        for line in environment.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        let http = ["NODE1_HTTP_PORT", "NODE2_HTTP_PORT"].compactMap { values[$0].flatMap(Int.init) }
        let tcp = ["NODE1_TCP_PORT", "NODE2_TCP_PORT"].compactMap { values[$0].flatMap(Int.init) }
        guard http.count == 2, tcp.count == 2, let name = values["CLUSTER_NAME"] else {
            return .failure(.init(description: "\(folder)/env lacks the ports or the cluster name:\n\(environment)"))
        }
        return .success(Running(folder: folder, name: name, httpPorts: http, tcpPorts: tcp, version: values["CLICKHOUSE_VERSION"] ?? ""))
    }

    /// Stops a dedicated cluster and removes its folder.
    static func stop(_ cluster: Running) {
        let stop = TestClickHouse.repositoryRoot.appendingPathComponent("scripts/clickhouse/stop.sh").path
        _ = TestClickHouse.run("/bin/bash", [stop, cluster.folder])
        try? FileManager.default.removeItem(atPath: cluster.folder)
    }
}

extension TestClickHouseCluster.Running {
    /// A configuration for one node (1 or 2); in cluster mode unless told otherwise.
    public func configuration(node: Int, database: String, clusterMode: Bool = true) -> ClickHouseConfiguration {
        var configuration = ClickHouseConfiguration(host: "127.0.0.1", port: httpPorts[node - 1], database: database)
        configuration.queryTimeout = .seconds(60)
        if clusterMode { configuration.cluster = name }
        return configuration
    }

    /// `clickhouse://default@127.0.0.1:PORT/DATABASE?cluster=NAME` for one node, plus `extra` parameters.
    public func url(node: Int, database: String, extra: String = "") -> String {
        "clickhouse://default@127.0.0.1:\(httpPorts[node - 1])/\(database)?cluster=\(name)" + (extra.isEmpty ? "" : "&" + extra)
    }

    /// `127.0.0.1:TCP_PORT`: how the cluster names a node in per-host results.
    public func hostID(node: Int) -> String { "127.0.0.1:\(tcpPorts[node - 1])" }

    /// Stops (SIGTERM) or kills, or starts again, one node with `scripts/clickhouse/node.sh`.
    ///
    /// - Throws: ``TestClickHouse/StartFailure`` with the script's output when it fails.
    public func node(_ node: Int, _ action: String) throws {
        let script = TestClickHouse.repositoryRoot.appendingPathComponent("scripts/clickhouse/node.sh").path
        let result = TestClickHouse.run("/bin/bash", [script, folder, action, "node\(node)"])
        guard result.status == 0 else {
            throw TestClickHouse.StartFailure(description: "node.sh \(action) node\(node) failed (exit \(result.status)):\n\(result.output)")
        }
    }
}
