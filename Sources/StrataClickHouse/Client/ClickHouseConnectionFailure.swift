import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import Strata

/// Explains a request that got no answer from ClickHouse: refused, timed out, TLS.
///
/// Messages name `host:port` and the scheme, never the user's password (which is only
/// ever in a request header). Whether the statement may have run matters on an engine
/// without transactions, so the message says which it was.
struct ClickHouseConnectionFailure {
    let configuration: ClickHouseConfiguration
    let error: any Error

    /// Whether the failure happened before the request could reach the server.
    var beforeSending: Bool {
        if let client = error as? HTTPClientError {
            return [.connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout, .alreadyShutdown].contains(client)
        }
        if error is NIOConnectionError || error is NIOSSLError || error is NIOSSLExtraError { return true }
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED || io.errnoCode == EHOSTUNREACH || io.errnoCode == ENETUNREACH }
        if error is SocketAddressError { return true }
        return false
    }

    var strataError: StrataError {
        let scheme = configuration.secure ? "HTTPS" : "HTTP"
        let target = "ClickHouse at \(configuration.endpoint) (\(scheme))"
        let reason = Self.reason(error)
        if beforeSending {
            return StrataError(.databaseUnavailable, "Could not connect to \(target): \(reason).",
                               remedy: remedy, underlying: String(describing: error))
        }
        return StrataError(.databaseUnavailable,
                           "The connection to \(target) failed before its answer arrived (\(reason)); the request may or may not have run on the server.",
                           remedy: "Check that the server is up and reachable, and whether the statement took effect; a long statement needs a longer query_timeout.",
                           underlying: String(describing: error))
    }

    /// The first request's answer did not come within `wait`: the server took the
    /// connection and said nothing.
    func silentServer(after wait: Duration) -> StrataError {
        let scheme = configuration.secure ? "https" : "http"
        return StrataError(
            .databaseUnavailable,
            "The server at \(scheme)://\(configuration.endpoint) took the connection but sent no answer within \(wait.components.seconds) seconds: it is overloaded, stuck, or not a ClickHouse HTTP port.",
            remedy: "Check that ClickHouse runs there and answers `SELECT 1` (e.g. with curl); raise connect_timeout in the URL for a server that is slow to answer.",
            underlying: String(describing: error))
    }

    private var remedy: String {
        if error is NIOSSLError || error is NIOSSLExtraError || (error as? HTTPClientError) == .tlsHandshakeTimeout {
            return configuration.caFile == nil
                ? "Check that the server speaks HTTPS on port \(configuration.port) and that its certificate is valid for \(configuration.host); for a private certificate authority pass ?ca_file=/path/to/ca.pem."
                : "Check that the server speaks HTTPS on port \(configuration.port) and that its certificate is signed by the authority in \(configuration.caFile ?? "") and valid for \(configuration.host)."
        }
        if isUnknownHost {
            return "Check the host name \(configuration.host) (and the machine's DNS)."
        }
        return "Check that the server is running and listens for \(configuration.secure ? "HTTPS" : "HTTP") on \(configuration.endpoint) (the HTTP interface, 8123 by default, 8443 for HTTPS; not the native port 9000)."
    }

    private var isUnknownHost: Bool {
        guard let connection = error as? NIOConnectionError else { return false }
        return connection.connectionErrors.isEmpty && (connection.dnsAError != nil || connection.dnsAAAAError != nil)
    }

    private static func reason(_ error: any Error) -> String {
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout: return "the connection timed out"
            case .tlsHandshakeTimeout: return "the TLS handshake timed out"
            case .deadlineExceeded: return "the request's deadline passed"
            case .readTimeout: return "reading the answer timed out"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .getConnectionFromPoolTimeout: return "no connection became available in time"
            default: return client.shortDescription.lowercased()
            }
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return "connection refused" }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return "connection refused"
            }
            if connection.dnsAAAAError != nil || connection.dnsAError != nil, connection.connectionErrors.isEmpty {
                return "the host name could not be resolved"
            }
            return "the connection failed"
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the TLS handshake failed: the server's certificate was not accepted (it is not valid for this host name)"
        }
        if error is NIOSSLExtraError { return "the TLS handshake failed" }
        if error is NIOSSLError {
            let detail = String(describing: error)
            if detail.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the TLS handshake failed: the server's certificate was not accepted (not signed by a trusted authority, expired, or not valid for this host name)"
            }
            if detail.contains("WRONG_VERSION_NUMBER") {
                return "the TLS handshake failed: the server does not speak TLS on this port (is it the plain HTTP port?)"
            }
            return "the TLS handshake failed"
        }
        return String(describing: error)
    }
}
