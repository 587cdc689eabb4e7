import Foundation
import Testing

/// Runs the built `strata` executable as a separate process, as users and CI do.
struct CLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    /// The `strata` binary next to the test bundle (`swift test` builds it first).
    static let executable: URL = {
        let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [buildDirectory, buildDirectory.deletingLastPathComponent()].map { $0.appendingPathComponent("strata") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// A scratch folder with a `migrations/` folder and room for a database file.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
    }

    var migrations: URL { directory.appendingPathComponent("migrations") }
    var databasePath: String { directory.appendingPathComponent("app.duckdb").path }
    var url: String { "duckdb:\(databasePath)" }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: migrations.appendingPathComponent(name))
    }

    func writeBytes(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: migrations.appendingPathComponent(name))
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: migrations.appendingPathComponent(name))
    }

    /// Runs `strata ARGS --url URL --dir migrations` (unless the arguments give them).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], addConnection: Bool = true) throws -> Result {
        var arguments = arguments
        if addConnection {
            if !arguments.contains("--url") { arguments += ["--url", url] }
            if !arguments.contains("--dir") { arguments += ["--dir", migrations.path] }
        }
        let process = try start(arguments, environment: environment)
        return try Self.finish(process)
    }

    /// Starts `strata` without waiting for it.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return RunningProcess(process: process, out: out, err: err)
    }

    static func finish(_ running: RunningProcess) throws -> Result {
        let stdout = running.out.fileHandleForReading.readDataToEndOfFile()
        let stderr = running.err.fileHandleForReading.readDataToEndOfFile()
        running.process.waitUntilExit()
        return Result(status: running.process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Parses `--json` output.
    static func json(_ result: Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}

struct RunningProcess {
    let process: Process
    let out: Pipe
    let err: Pipe
}
