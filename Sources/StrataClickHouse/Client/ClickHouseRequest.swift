import Strata

/// The URL and headers of a request to ClickHouse's HTTP interface. Pure.
///
/// Credentials travel in the `X-ClickHouse-User` and `X-ClickHouse-Key` headers, never in
/// the URL (URLs end up in proxy logs). The URL carries the database, the settings, and
/// always `wait_end_of_query=1`, so that the server holds the response until the query
/// has finished and an error that happens late still gets an error status.
struct ClickHouseRequest: Sendable {
    var url: String
    var headers: [(name: String, value: String)]

    /// - Parameters:
    ///   - configuration: the server and the settings for every request.
    ///   - settings: settings for this request; they win over the configuration's.
    ///   - format: the `default_format` to ask for, e.g. `JSONCompact`.
    init(configuration: ClickHouseConfiguration, settings: [String: String] = [:], format: String? = nil) {
        var parameters = configuration.settings
        if let timeout = configuration.queryTimeout, parameters["max_execution_time"] == nil {
            parameters["max_execution_time"] = String(Self.wholeSeconds(timeout))
        }
        if let ddlTimeout = configuration.ddlTimeout {
            parameters["distributed_ddl_task_timeout"] = String(Self.wholeSeconds(ddlTimeout))
        }
        parameters.merge(settings) { $1 }
        parameters["database"] = configuration.database
        parameters["wait_end_of_query"] = "1"
        if let format { parameters["default_format"] = format }

        let scheme = configuration.secure ? "https" : "http"
        let query = parameters.sorted { $0.key < $1.key }
            .map { "\(ClickHouseConfiguration.percentEncoded($0.key))=\(ClickHouseConfiguration.percentEncoded($0.value))" }
            .joined(separator: "&")
        url = "\(scheme)://\(configuration.endpoint)/?\(query)"

        var headers: [(name: String, value: String)] = [
            ("X-ClickHouse-User", configuration.user),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("User-Agent", "strata/\(StrataVersion.current)"),
        ]
        if !configuration.password.isEmpty { headers.append(("X-ClickHouse-Key", configuration.password)) }
        self.headers = headers
    }

    /// A duration in whole seconds, rounded up, at least 1 (what ClickHouse's second settings take).
    static func wholeSeconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return max(parts.seconds + (parts.attoseconds > 0 ? 1 : 0), 1)
    }
}
