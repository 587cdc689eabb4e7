import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import Strata

/// A connection to ClickHouse's HTTP interface: one statement per POST.
///
/// The client lives for a scope: ``withClient(configuration:logger:_:)`` starts it and
/// shuts it down when the closure returns or throws. Each call sends one statement; the
/// server's errors come back as ``ClickHouseServerError`` with the server's message whole,
/// and failures to reach it as ``StrataError`` (``StrataError/Code/databaseUnavailable``)
/// naming `host:port`.
///
/// ```swift
/// let configuration = try ClickHouseConfiguration(url: "clickhouse://127.0.0.1:8123/default")
/// try await ClickHouseClient.withClient(configuration: configuration, logger: logger) { client in
///     try await client.execute("CREATE TABLE IF NOT EXISTS events (id UInt64) ENGINE = MergeTree ORDER BY id")
///     let rows = try await client.query("SELECT count() FROM events")
///     print(rows.scalar?.int64 ?? 0, try await client.serverVersion())
/// }
/// ```
public final class ClickHouseClient: Sendable {
    /// The server and settings this client uses.
    public let configuration: ClickHouseConfiguration
    private let http: HTTPClient
    private let logger: Logger
    private let requests = NIOLockedValueBox(0)
    /// Whether the server has answered a request yet (see ``ClickHouseConfiguration/firstAnswerTimeout``).
    private let answered = NIOLockedValueBox(false)

    /// The most of a statement's response body kept for error detection (the start and
    /// the end), when the statement returns rows nobody reads.
    private static let keptBodyBytes = 256 * 1024
    /// The largest query result read into memory.
    private static let maxResultBytes = 256 * 1024 * 1024

    private init(configuration: ClickHouseConfiguration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
    }

    /// Runs `body` with a client, and shuts the client down afterwards.
    ///
    /// No request is sent before `body` sends one: an unreachable server shows up as an
    /// error of the first call.
    ///
    /// - Parameters:
    ///   - configuration: the server, credentials and settings.
    ///   - logger: requests are logged at debug level (statements at trace), never the password.
    ///   - body: the work to do with the client.
    /// - Throws: ``StrataError`` when the CA file cannot be read; whatever `body` throws.
    public static func withClient<T>(
        configuration: ClickHouseConfiguration, logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ body: (ClickHouseClient) async throws -> T
    ) async throws -> T {
        let httpConfiguration = try makeHTTPConfiguration(configuration)
        return try await HTTPClient.withHTTPClient(configuration: httpConfiguration, backgroundActivityLogger: logger) { http in
            try await body(ClickHouseClient(configuration: configuration, http: http, logger: logger))
        }
    }

    /// How many requests this client has sent.
    public var requestCount: Int { requests.withLockedValue { $0 } }

    /// Runs one statement and discards any result.
    ///
    /// - Parameters:
    ///   - sql: one statement; a single trailing `;` is allowed.
    ///   - settings: ClickHouse settings for this request only.
    /// - Throws: ``ClickHouseServerError`` when the server refuses it, even when the error
    ///   arrives inside a 200 response; ``StrataError`` when the server cannot be reached.
    public func execute(_ sql: String, settings: [String: String] = [:]) async throws {
        let response = try await send(sql, request: ClickHouseRequest(configuration: configuration, settings: settings),
                                      maxBytes: nil)
        if let error = response.serverError { throw error }
    }

    /// Runs one query and returns its rows (read in the `JSONCompact` format).
    ///
    /// - Parameters:
    ///   - sql: one query, without a `FORMAT` clause.
    ///   - settings: ClickHouse settings for this request only.
    /// - Throws: ``ClickHouseServerError``, or ``StrataError`` when the server cannot be
    ///   reached or sends something that is not a result.
    public func query(_ sql: String, settings: [String: String] = [:]) async throws -> ClickHouseRows {
        let request = ClickHouseRequest(configuration: configuration, settings: settings, format: "JSONCompact")
        return try await send(sql, request: request, maxBytes: Self.maxResultBytes).rows()
    }

    /// Sends `sql` as it is and returns the response unread: for the project's own tests,
    /// which look at what a server answers (never used by Strata itself).
    package func response(to sql: String, settings: [String: String] = [:], format: String) async throws -> ClickHouseResponse {
        try await send(sql, request: ClickHouseRequest(configuration: configuration, settings: settings, format: format),
                       maxBytes: Self.maxResultBytes)
    }

    /// The server's version, from `SELECT version()` (one request per call).
    ///
    /// - Throws: as ``query(_:settings:)``, or ``StrataError`` when the answer is not a version.
    public func serverVersion() async throws -> ClickHouseServerVersion {
        let text = try await query("SELECT version()").scalar?.string ?? ""
        guard let version = ClickHouseServerVersion(text) else {
            throw StrataError(.databaseError, "ClickHouse at \(configuration.endpoint) reported a version Strata cannot read: '\(text)'.",
                              remedy: "Check that the URL points at a ClickHouse server.")
        }
        return version
    }

    private func send(
        _ sql: String, request prepared: ClickHouseRequest, maxBytes: Int?, deadline: NIODeadline? = nil
    ) async throws -> ClickHouseResponse {
        // The first request also finds out whether ClickHouse answers there at all.
        let first = !answered.withLockedValue { $0 }
        var deadline = deadline ?? self.deadline
        var firstWait: Duration?
        if first, let limit = configuration.firstAnswerTimeout {
            let wait = configuration.connectTimeout + min(limit, configuration.queryTimeout ?? limit)
            firstWait = wait
            deadline = min(deadline, .now() + Self.timeAmount(wait))
        }
        var request = HTTPClientRequest(url: prepared.url)
        request.method = .POST
        for header in prepared.headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(string: sql))
        let number = requests.withLockedValue { count in
            count += 1
            return count
        }
        logger.debug("clickhouse request", metadata: ["clickhouse.request": "\(number)", "clickhouse.sql_bytes": "\(sql.utf8.count)"])
        logger.trace("clickhouse statement", metadata: ["clickhouse.sql": "\(sql)"])
        let started = ContinuousClock.now
        do {
            let response = try await http.execute(request, deadline: deadline, logger: logger)
            let body: [UInt8]
            if let maxBytes {
                body = Array(buffer: try await response.body.collect(upTo: maxBytes))
            } else {
                body = try await Self.headAndTail(of: response.body)
            }
            logger.debug("clickhouse response", metadata: [
                "clickhouse.request": "\(number)", "clickhouse.status": "\(response.status.code)",
                "clickhouse.milliseconds": "\((ContinuousClock.now - started).milliseconds)",
            ])
            let answer = ClickHouseResponse(status: Int(response.status.code),
                                            headers: response.headers.map { (name: $0.name, value: $0.value) }, body: body)
            if first {
                if let foreign = ForeignServer(answer) { throw foreign.strataError(configuration) }
                answered.withLockedValue { $0 = true }
            }
            return answer
        } catch let error as StrataError {
            throw error
        } catch is NIOTooManyBytesError {
            throw StrataError(.databaseError, "The query's result is larger than \(Self.maxResultBytes / 1_048_576) MiB, more than Strata reads.",
                              remedy: "Ask for fewer rows.")
        } catch let error as HTTPClientError where error == .deadlineExceeded && firstWait != nil {
            throw ClickHouseConnectionFailure(configuration: configuration, error: error).silentServer(after: firstWait ?? .zero)
        } catch {
            throw ClickHouseConnectionFailure(configuration: configuration, error: error).strataError
        }
    }

    /// The request's deadline: the statement timeout plus the connect timeout and a little
    /// grace, so that the server's own `max_execution_time` error normally comes first.
    private var deadline: NIODeadline {
        guard let queryTimeout = configuration.queryTimeout else { return .distantFuture }
        let total = max(queryTimeout, configuration.ddlTimeout ?? .zero) + configuration.connectTimeout + .seconds(5)
        return .now() + Self.timeAmount(total)
    }

    /// A duration as NIO's time amount, capped at a year (longer deadlines mean none).
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let parts = min(duration, .seconds(366 * 86_400)).components
        return .seconds(parts.seconds) + .nanoseconds(parts.attoseconds / 1_000_000_000)
    }

    /// The start and the end of a body that nobody reads, enough to find an error in it.
    private static func headAndTail(of body: HTTPClientResponse.Body) async throws -> [UInt8] {
        var head: [UInt8] = []
        var tail: [UInt8] = []
        for try await buffer in body {
            let bytes = Array(buffer: buffer)
            if head.count < keptBodyBytes {
                let room = keptBodyBytes - head.count
                head += bytes.prefix(room)
                tail += bytes.dropFirst(room)
            } else {
                tail += bytes
            }
            if tail.count > 2 * keptBodyBytes { tail.removeFirst(tail.count - keptBodyBytes) }
        }
        if tail.count > keptBodyBytes { tail.removeFirst(tail.count - keptBodyBytes) }
        return head + tail
    }

    private static func makeHTTPConfiguration(_ configuration: ClickHouseConfiguration) throws -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: timeAmount(configuration.connectTimeout)),
            // ClickHouse closes idle keep-alive connections after 3 seconds (its default
            // keep_alive_timeout); closing ours first avoids sending on a closing socket.
            connectionPool: .init(idleTimeout: .seconds(2)),
            decompression: .disabled)
        http.httpVersion = .http1Only
        if configuration.secure {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let caFile = configuration.caFile {
                guard FileManager.default.isReadableFile(atPath: caFile) else {
                    throw StrataError(.unreadableFile, "The certificate authority file \(caFile) cannot be read.",
                                      remedy: "Check the path given as ca_file, and its permissions.")
                }
                tls.trustRoots = .file(caFile)
            }
            http.tlsConfiguration = tls
        }
        return http
    }
}
