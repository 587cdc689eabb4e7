import Foundation
import Logging
import Strata
import Synchronization
import StrataClickHouse

/// A real ClickHouse server for the tests, started once per test process with
/// `scripts/clickhouse/start-server.sh` into a temporary folder, and stopped with
/// `scripts/clickhouse/stop.sh` when the process exits.
///
/// Each test works in a database of its own (``withDatabase(user:_:)``), so tests run in
/// parallel on the one server. When the server cannot be installed or started, the test
/// fails with the script's output: it never skips.
///
/// ```swift
/// try await TestClickHouse.withDatabase { configuration in
///     try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in ... }
/// }
/// ```
public enum TestClickHouse {
    /// What `start-server.sh` wrote to `DIR/env`.
    public struct Running: Sendable {
        public let folder: String
        public let httpPort: Int
        public let version: String
        public let strataPassword: String
        public let readerPassword: String
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Starts the server the first time it is asked for; later calls wait for the same start.
    public static func shared() async throws -> Running {
        try await starter.value.get()
    }

    private static let starter = Task<Result<Running, StartFailure>, Never> { start() }

    /// A configuration for a fresh database on the shared server, dropped afterwards.
    ///
    /// - Parameters:
    ///   - user: `default` (no password), `strata` or `reader` (read-only).
    ///   - body: the test, given the configuration of its database.
    public static func withDatabase<T>(user: String = "default", _ body: (ClickHouseConfiguration) async throws -> T) async throws -> T {
        let server = try await shared()
        let database = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = server.configuration(database: "default")
        try await ClickHouseClient.withClient(configuration: admin, logger: .test) { client in
            try await client.execute("CREATE DATABASE \(ClickHouseLiteral.identifier(database))")
        }
        var configuration = server.configuration(database: database, user: user)
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

    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func start() -> Result<Running, StartFailure> {
        let scripts = repositoryRoot.appendingPathComponent("scripts/clickhouse")
        let install = run("/bin/bash", [scripts.appendingPathComponent("install.sh").path])
        guard install.status == 0 else {
            return .failure(StartFailure(description: "scripts/clickhouse/install.sh failed (exit \(install.status)):\n\(install.output)"))
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-clickhouse-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        let started = run("/bin/bash", [scripts.appendingPathComponent("start-server.sh").path, folder])
        guard started.status == 0 else {
            return .failure(StartFailure(description: "scripts/clickhouse/start-server.sh \(folder) failed (exit \(started.status)):\n\(started.output)"))
        }
        stopAtExit(folder)
        guard let values = ScriptEnvironment.read(folder + "/env") else {
            return .failure(StartFailure(description: "start-server.sh succeeded but wrote no \(folder)/env:\n\(started.output)"))
        }
        guard let port = values["CLICKHOUSE_HTTP_PORT"].flatMap({ Int($0) }) else {
            return .failure(StartFailure(description: "\(folder)/env has no CLICKHOUSE_HTTP_PORT:\n\(values)"))
        }
        return .success(Running(folder: folder, httpPort: port, version: values["CLICKHOUSE_VERSION"] ?? "",
                                strataPassword: values["CLICKHOUSE_STRATA_PASSWORD"] ?? "",
                                readerPassword: values["CLICKHOUSE_READER_PASSWORD"] ?? ""))
    }

    private static let foldersToStop = Mutex<[String]>([])

    /// Stops the server (or cluster) started in `folder`, and removes the folder, when the process exits.
    public static func stopAtExit(_ folder: String) {
        let first = foldersToStop.withLock { folders in
            folders.append(folder)
            return folders.count == 1
        }
        if first { atexit { TestClickHouse.stopAll() } }
    }

    private static func stopAll() {
        let stop = repositoryRoot.appendingPathComponent("scripts/clickhouse/stop.sh").path
        for folder in foldersToStop.withLock({ $0 }) {
            _ = run("/bin/bash", [stop, folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Runs a program, returning its exit status and its standard output and error together.
    public static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "could not run \(executable): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension TestClickHouse.Running {
    /// A configuration for this server.
    public func configuration(database: String, user: String = "default") -> ClickHouseConfiguration {
        let password = switch user {
        case "strata": strataPassword
        case "reader": readerPassword
        default: ""
        }
        return ClickHouseConfiguration(host: "127.0.0.1", port: httpPort, database: database, user: user, password: password)
    }
}

extension Logger {
    /// A logger for tests: quiet unless `STRATA_TEST_LOG` names a level.
    public static let test: Logger = {
        var logger = Logger(label: "strata.tests.clickhouse")
        logger.logLevel = ProcessInfo.processInfo.environment["STRATA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()
}
