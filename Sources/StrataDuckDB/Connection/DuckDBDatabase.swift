import CDuckDB
import Foundation
import Strata

/// An open DuckDB database: a file, or `:memory:`.
///
/// Open one with ``withDatabase(path:options:isolation:_:)``; it is closed when the closure
/// returns. A file can be opened read-write by one process at a time; within the process,
/// open any number of connections (``withConnection(isolation:_:)``).
///
/// ```swift
/// try await DuckDBDatabase.withDatabase(path: "data/app.duckdb") { database in
///     try await database.withConnection { connection in
///         try await connection.withSession { try $0.execute("CREATE TABLE t (x INTEGER)") }
///     }
/// }
/// ```
public final class DuckDBDatabase: @unchecked Sendable {
    // @unchecked Sendable: `handle` is set once in `init` and never changed; DuckDB's
    // database object is safe to use from several threads for opening connections, and it
    // is closed only by `withDatabase` after its closure (and so every connection scope in
    // it) has returned.
    let handle: duckdb_database
    /// The path as given (`:memory:` for an in-memory database).
    public let path: String
    /// The thread its blocking calls run on, when one was lent (``DuckDBOpenOptions/thread``).
    let lentThread: LentThread?

    private init(handle: duckdb_database, path: String, lentThread: LentThread?) {
        self.handle = handle
        self.path = path
        self.lentThread = lentThread
    }

    /// Opens a database for the duration of `body`.
    ///
    /// - Throws: ``DuckDBError`` with DuckDB's message, e.g. when another process holds the
    ///   file ("Conflicting lock is held in ... (PID n)").
    public static func withDatabase<T>(
        path: String, options: DuckDBOpenOptions = DuckDBOpenOptions(),
        isolation: isolated (any Actor)? = #isolation, _ body: (DuckDBDatabase) async throws -> T
    ) async throws -> T {
        let opener = BlockingQueue(label: "strata.duckdb.open", lent: options.thread)
        let database = try await opener.run { try open(path: path, options: options) }
        do {
            let value = try await body(database)
            await database.close(on: opener)
            return value
        } catch {
            await database.close(on: opener)
            throw error
        }
    }

    /// Opens a connection for the duration of `body`.
    public func withConnection<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (DuckDBConnection) async throws -> T
    ) async throws -> T {
        let connection = try await DuckDBConnection.open(database: self)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The version of the linked libduckdb, e.g. `v2.0.1`.
    public static var libraryVersion: String {
        duckdb_library_version().map { String(cString: $0) } ?? "unknown"
    }

    private static func open(path: String, options: DuckDBOpenOptions) throws -> DuckDBDatabase {
        var config: duckdb_config?
        guard duckdb_create_config(&config) == DuckDBSuccess, let config else {
            throw DuckDBError(message: "DuckDB could not create a configuration")
        }
        var configToDestroy: duckdb_config? = config
        defer { duckdb_destroy_config(&configToDestroy) }
        var settings = options.settings
        if options.readOnly { settings["access_mode"] = "READ_ONLY" }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            if duckdb_set_config(config, name, value) != DuckDBSuccess {
                throw DuckDBError(message: "DuckDB refused the setting \(name)=\(value)")
            }
        }
        var database: duckdb_database?
        var error: UnsafeMutablePointer<CChar>?
        if duckdb_open_ext(path, &database, config, &error) != DuckDBSuccess || database == nil {
            let message = error.map { String(cString: $0) } ?? "DuckDB could not open \(path)"
            if let error { duckdb_free(error) }
            duckdb_close(&database)
            throw DuckDBError(message: message, openingPath: path)
        }
        guard let database else { throw DuckDBError(message: "DuckDB could not open \(path)") }
        return DuckDBDatabase(handle: database, path: path, lentThread: options.thread)
    }

    private func close(on queue: BlockingQueue) async {
        let handle = CHandle(value: self.handle)
        _ = try? await queue.run {
            var closing: duckdb_database? = handle.value
            duckdb_close(&closing)
        }
    }
}

/// How to open a database.
public struct DuckDBOpenOptions: Sendable, Hashable {
    /// Open read-only: several read-only processes may share a file, and the file is never created.
    public var readOnly: Bool
    /// DuckDB configuration options (`duckdb_set_config`), e.g. `["threads": "1"]`.
    public var settings: [String: String]
    /// The thread that opens and closes the database and runs every call of its connections,
    /// when the program lends one (a command-line program's main thread: see ``LentThread``);
    /// `nil`: the database and each connection get a serial thread of their own.
    public var thread: LentThread?

    public init(
        readOnly: Bool = false, settings: [String: String] = ["autoinstall_known_extensions": "false"], thread: LentThread? = nil
    ) {
        self.readOnly = readOnly
        self.settings = settings
        self.thread = thread
    }
}
