import CDuckDB
import Strata

/// A connection to an open ``DuckDBDatabase``, with its own thread (or the database's
/// ``LentThread``).
///
/// Every call on the connection runs on that thread, one at a time, through
/// ``withSession(_:)``. Get one from ``DuckDBDatabase/withConnection(isolation:_:)``.
public final class DuckDBConnection: @unchecked Sendable {
    // @unchecked Sendable: the C handle is only ever touched on `queue`, a serial queue,
    // so no two threads use it at once; it is disconnected by `withConnection` after its
    // closure returned, and no session outlives the closure it was handed to.
    private let handle: duckdb_connection
    private let queue: BlockingQueue
    private let cache = DuckDBStatementCache()
    /// The database this connection belongs to (kept alive while the connection is).
    public let database: DuckDBDatabase

    private init(handle: duckdb_connection, queue: BlockingQueue, database: DuckDBDatabase) {
        self.handle = handle
        self.queue = queue
        self.database = database
    }

    static func open(database: DuckDBDatabase) async throws -> DuckDBConnection {
        let queue = BlockingQueue(label: "strata.duckdb.connection", lent: database.lentThread)
        let databaseHandle = CHandle(value: database.handle)
        let path = database.path
        let handle = try await queue.run { () throws -> CHandle<duckdb_connection> in
            var connection: duckdb_connection?
            guard duckdb_connect(databaseHandle.value, &connection) == DuckDBSuccess, let connection else {
                throw DuckDBError(message: "DuckDB could not open a connection to \(path)")
            }
            return CHandle(value: connection)
        }
        return DuckDBConnection(handle: handle.value, queue: queue, database: database)
    }

    /// Runs `body` on the connection's thread with synchronous access to the connection.
    ///
    /// Put a whole unit of work (a transaction, a migration) in one session: it costs one
    /// thread hop, however many statements it runs.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (DuckDBSession) throws -> T) async throws -> T {
        let handle = CHandle(value: self.handle)
        let cache = self.cache
        return try await queue.run { try body(DuckDBSession(handle: handle.value, cache: cache)) }
    }

    func close() async {
        let handle = CHandle(value: self.handle)
        let cache = self.cache
        _ = try? await queue.run {
            cache.removeAll()
            var closing: duckdb_connection? = handle.value
            duckdb_disconnect(&closing)
        }
    }
}

/// Carries a C handle to the serial queue that owns it.
struct CHandle<Value>: @unchecked Sendable {
    // @unchecked Sendable: a handle is only ever moved to the queue of the object that
    // owns it (the connection's serial queue, or the database's opener) and used there.
    let value: Value
}
