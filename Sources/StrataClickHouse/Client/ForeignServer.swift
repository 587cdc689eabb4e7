import Strata

/// A first answer that did not come from ClickHouse: a web server, a proxy's error page or
/// another service on the port. Pure.
///
/// ClickHouse (18.16 and later) marks every response with `X-ClickHouse-*` headers, and its
/// errors carry a `Code: N`. An answer with neither, and not a success, is named as not
/// ClickHouse instead of being shown as a database error with a page of HTML.
struct ForeignServer {
    let status: Int
    let excerpt: String

    init?(_ response: ClickHouseResponse) {
        let marked = response.headers.keys.contains { $0.hasPrefix("x-clickhouse-") }
        guard !marked, response.status != 200, response.serverError?.code == nil else { return nil }
        status = response.status
        let text = response.text
        excerpt = text.count > 300 ? String(text.prefix(300)) + "..." : text
    }

    func strataError(_ configuration: ClickHouseConfiguration) -> StrataError {
        let scheme = configuration.secure ? "https" : "http"
        return StrataError(
            .databaseUnavailable,
            "The server at \(scheme)://\(configuration.endpoint) answered HTTP \(status), but not as ClickHouse does (no ClickHouse headers, no error code): it does not look like ClickHouse's HTTP interface.",
            remedy: "Check the host and port in the URL: ClickHouse's HTTP port is 8123 by default (8443 for HTTPS), not its native port 9000 or another service's.",
            underlying: excerpt)
    }
}
