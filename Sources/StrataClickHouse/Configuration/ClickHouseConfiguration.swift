/// Where a ClickHouse server is and how to talk to it over its HTTP interface.
///
/// Build one from a URL with ``init(url:password:)``, or field by field. The password is
/// never printed: ``description``, ``debugDescription``, ``redactedURL`` and the
/// reflection used by `dump` all show `***` in its place.
///
/// ```swift
/// var configuration = try ClickHouseConfiguration(url: "clickhouses://deploy@ch.example.com/analytics")
/// configuration.password = passwordReadFromAFile
/// configuration.settings["max_memory_usage"] = "10000000000"
/// print(configuration)  // clickhouses://deploy:***@ch.example.com:8443/analytics
/// ```
public struct ClickHouseConfiguration: Sendable, Hashable {
    /// The HTTP port when none is given: 8123.
    public static let defaultPort = 8123
    /// The HTTPS port when none is given: 8443.
    public static let defaultSecurePort = 8443

    /// A host name or an IP address (IPv6 without brackets).
    public var host: String
    /// The HTTP(S) port.
    public var port: Int
    /// The database that unqualified names refer to, and that holds the history table.
    public var database: String
    /// The user; ClickHouse's own default is `default`.
    public var user: String
    /// The user's password, sent in the `X-ClickHouse-Key` header only; empty for none.
    public var password: String
    /// Whether to use HTTPS (with certificate verification).
    public var secure: Bool
    /// A PEM file of certificate authorities to trust instead of the system's, for servers
    /// with a private CA.
    public var caFile: String?
    /// How long to wait for a connection (and the TLS handshake).
    public var connectTimeout: Duration
    /// How long one statement may run: sent as `max_execution_time`, and the request's
    /// deadline is this plus ``connectTimeout`` and a few seconds of grace. `nil`: no limit.
    public var queryTimeout: Duration?
    /// How long the first request of a client waits for an answer once connected (at most
    /// ``queryTimeout``), so that a server that takes connections and never answers is named
    /// as such at once rather than after the query timeout. Strata's first request is always
    /// a short read (history, or the server's version); set `nil` when an application's
    /// first request through its own client is a long statement. Default: 20 seconds.
    public var firstAnswerTimeout: Duration? = .seconds(20)
    /// ClickHouse settings sent with every request as query parameters, e.g.
    /// `["max_memory_usage": "10000000000"]`.
    public var settings: [String: String]
    /// The cluster that `ON CLUSTER` DDL and the history table are to use (cluster mode).
    public var cluster: String?
    /// How long an `ON CLUSTER` statement waits for every host (sent as
    /// `distributed_ddl_task_timeout`), and how long a read waits for this node to catch up
    /// with the others; `nil` keeps the server's own default (180 seconds).
    public var ddlTimeout: Duration?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: the server's name or address.
    ///   - port: the HTTP(S) port; `nil` picks 8123, or 8443 when `secure`.
    ///   - database: the database to work in (default `default`).
    ///   - user: the user (default `default`).
    ///   - password: the password; empty for none.
    ///   - secure: HTTPS with certificate verification.
    ///   - caFile: a PEM file of certificate authorities to trust.
    ///   - connectTimeout: the connection timeout (default 10 seconds).
    ///   - queryTimeout: the statement timeout (default 10 minutes); `nil` for none.
    ///   - settings: ClickHouse settings for every request.
    ///   - cluster: the cluster name, for cluster mode.
    ///   - ddlTimeout: how long to wait for the other hosts of the cluster; `nil` for the server's default.
    public init(
        host: String = "127.0.0.1", port: Int? = nil, database: String = "default", user: String = "default",
        password: String = "", secure: Bool = false, caFile: String? = nil, connectTimeout: Duration = .seconds(10),
        queryTimeout: Duration? = .seconds(600), settings: [String: String] = [:], cluster: String? = nil,
        ddlTimeout: Duration? = nil
    ) {
        self.host = host
        self.port = port ?? (secure ? Self.defaultSecurePort : Self.defaultPort)
        self.database = database
        self.user = user
        self.password = password
        self.secure = secure
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.queryTimeout = queryTimeout
        self.settings = settings
        self.cluster = cluster
        self.ddlTimeout = ddlTimeout
    }

    /// `host:port`, as used in messages (IPv6 addresses in brackets).
    public var endpoint: String { "\(bracketedHost):\(port)" }

    /// The host as it appears in a URL: IPv6 addresses in brackets.
    var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }
}

extension ClickHouseConfiguration {
    /// The longest timeout a URL or option may give, in seconds: a year (366 days). Longer
    /// ones would overflow the clocks that measure them, and mean "no limit" anyway.
    public static let longestTimeout: Double = 366 * 86_400
}

extension ClickHouseConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The ``redactedURL``: never the password.
    public var description: String { redactedURL }

    /// The ``redactedURL``: never the password.
    public var debugDescription: String { "ClickHouseConfiguration(\(redactedURL))" }

    /// What `dump` and debuggers show: every field, the password as `***`.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "host": host, "port": port, "database": database, "user": user,
            "password": password.isEmpty ? "" : "***", "secure": secure, "caFile": caFile as Any,
            "connectTimeout": connectTimeout, "queryTimeout": queryTimeout as Any, "settings": settings,
            "cluster": cluster as Any, "ddlTimeout": ddlTimeout as Any,
        ], displayStyle: .struct)
    }
}
