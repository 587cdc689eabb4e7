import Foundation
import Logging
import Strata
import StrataClickHouse
import Synchronization

/// A ClickHouse 26.9 engine for the tests: chDB behind the loopback HTTP front of
/// `scripts/chdb/`, installed with `scripts/chdb/install.sh` and started once per test
/// process with `scripts/chdb/start.sh` into a temporary folder, stopped with
/// `scripts/chdb/stop.sh` when the process exits.
///
/// The SQL, catalog, system tables and error texts are a real 26.9 engine's; the HTTP layer
/// (headers, statuses, streaming, authentication, sessions, concurrency) is the front's, so
/// tests of those stay on ``TestClickHouse`` (18.16) and recorded responses. Requests run one
/// at a time; tests can still run in parallel, each in a database of its own
/// (``withDatabase(_:)``). Replicated tables, `ON CLUSTER` and users are refused by the engine
/// (see `scripts/chdb/README.md`). When the engine cannot be installed or started, the test
/// fails with the script's output: it never skips.
///
/// ```swift
/// try await TestModernClickHouse.withDatabase { configuration in
///     try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in ... }
/// }
/// ```
public enum TestModernClickHouse {
    /// What `start.sh` wrote to `DIR/env`.
    public struct Running: Sendable {
        public let folder: String
        public let httpPort: Int
        /// The engine's `SELECT version()`, e.g. `26.9.2.1`.
        public let version: String
    }

    /// Starts the front the first time it is asked for; later calls wait for the same start.
    public static func shared() async throws -> Running {
        try await starter.value.get()
    }

    private static let starter = Task<Result<Running, TestClickHouse.StartFailure>, Never> { start() }

    /// A configuration for a fresh database on the shared front, dropped afterwards.
    ///
    /// - Parameter body: the test, given the configuration of its database (user `default`,
    ///   the only one the front accepts).
    public static func withDatabase<T>(_ body: (ClickHouseConfiguration) async throws -> T) async throws -> T {
        let server = try await shared()
        let database = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = server.configuration(database: "default")
        try await ClickHouseClient.withClient(configuration: admin, logger: .test) { client in
            try await client.execute("CREATE DATABASE \(ClickHouseLiteral.identifier(database))")
        }
        var configuration = server.configuration(database: database)
        configuration.queryTimeout = .seconds(60)
        do {
            let result = try await body(configuration)
            try await drop(database, on: admin)
            return result
        } catch {
            try? await drop(database, on: admin)
            throw error
        }
    }

    private static func drop(_ database: String, on admin: ClickHouseConfiguration) async throws {
        try await ClickHouseClient.withClient(configuration: admin, logger: .test) { client in
            try await client.execute("DROP DATABASE IF EXISTS \(ClickHouseLiteral.identifier(database))")
        }
    }

    // MARK: - Starting and stopping

    private static func start() -> Result<Running, TestClickHouse.StartFailure> {
        let scripts = TestClickHouse.repositoryRoot.appendingPathComponent("scripts/chdb")
        let install = TestClickHouse.run("/bin/bash", [scripts.appendingPathComponent("install.sh").path])
        guard install.status == 0 else {
            return .failure(.init(description: "scripts/chdb/install.sh failed (exit \(install.status)):\n\(install.output)"))
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-chdb-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        let started = TestClickHouse.run("/bin/bash", [scripts.appendingPathComponent("start.sh").path, folder])
        // Registered before the check: a start that failed half-way may have left a front running.
        stopAtExit(folder)
        guard started.status == 0 else {
            return .failure(.init(description: "scripts/chdb/start.sh \(folder) failed (exit \(started.status)):\n\(started.output)"))
        }
        guard let values = ScriptEnvironment.read(folder + "/env") else {
            return .failure(.init(description: "scripts/chdb/start.sh succeeded but wrote no \(folder)/env:\n\(started.output)"))
        }
        guard let port = values["CLICKHOUSE_HTTP_PORT"].flatMap({ Int($0) }) else {
            return .failure(.init(description: "\(folder)/env has no CLICKHOUSE_HTTP_PORT:\n\(values)"))
        }
        return .success(Running(folder: folder, httpPort: port, version: values["CLICKHOUSE_VERSION"] ?? ""))
    }

    private static let foldersToStop = Mutex<[String]>([])

    /// Stops the front started in `folder`, and removes the folder, when the process exits.
    /// (``TestClickHouse/stopAtExit(_:)`` runs the ClickHouse scripts' stop.sh, which does not
    /// know the front.)
    private static func stopAtExit(_ folder: String) {
        let first = foldersToStop.withLock { folders in
            folders.append(folder)
            return folders.count == 1
        }
        if first { atexit { TestModernClickHouse.stopAll() } }
    }

    private static func stopAll() {
        let stop = TestClickHouse.repositoryRoot.appendingPathComponent("scripts/chdb/stop.sh").path
        for folder in foldersToStop.withLock({ $0 }) {
            _ = TestClickHouse.run("/bin/bash", [stop, folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

extension TestModernClickHouse.Running {
    /// A configuration for this front.
    ///
    /// - Parameters:
    ///   - database: the database of every request.
    ///   - user: anything but `default` with an empty password is refused with code 516.
    ///   - password: the password.
    public func configuration(database: String, user: String = "default", password: String = "") -> ClickHouseConfiguration {
        ClickHouseConfiguration(host: "127.0.0.1", port: httpPort, database: database, user: user, password: password)
    }
}
