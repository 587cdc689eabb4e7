import Foundation
import Strata

extension ClickHouseConfiguration {
    /// The form of a ClickHouse URL, for error messages.
    static let urlForm = "clickhouse://USER:PASSWORD@HOST:8123/DATABASE (HTTP), or clickhouses://USER:PASSWORD@HOST:8443/DATABASE (HTTPS)"

    /// Parses a URL such as `clickhouse://user:password@host:8123/database`. Pure.
    ///
    /// - `clickhouse://` is HTTP (default port 8123); `clickhouses://`, or `?secure=true`,
    ///   is HTTPS with certificate verification (default port 8443).
    /// - The user defaults to `default`, the password to none, the database to `default`.
    ///   User, password and database are percent-decoded (write `@` as `%40`).
    /// - Query parameters: `secure=true|false`, `ca_file=PATH`, `connect_timeout=SECONDS`,
    ///   `query_timeout=SECONDS` (`0` for none), `cluster=NAME` (cluster mode: see
    ///   ``cluster``), `ddl_timeout=SECONDS` (``ddlTimeout``); any other `name=value` is a
    ///   ClickHouse setting sent with every request.
    ///
    /// ```swift
    /// let configuration = try ClickHouseConfiguration(
    ///     url: "clickhouse://strata@127.0.0.1:8123/analytics?query_timeout=60&max_threads=2",
    ///     password: passwordFromTheEnvironment)
    /// ```
    ///
    /// - Parameters:
    ///   - url: the URL.
    ///   - password: the password when it is not in the URL (read by the caller from an
    ///     environment variable or a file, so it need not sit in a command line). Giving a
    ///     different password in both places is an error.
    /// - Throws: ``StrataError/Code/invalidURL`` showing the URL without its password and
    ///   the form it should have.
    public init(url: String, password: String? = nil) throws(StrataError) {
        func invalid(_ problem: String, remedy: String? = nil) -> StrataError {
            StrataError(.invalidURL, "'\(Self.redact(url))' is not a valid ClickHouse URL: \(problem).",
                        remedy: remedy ?? "Write it as \(Self.urlForm); percent-encode special characters in the user and password (@ as %40, : as %3A, / as %2F), or leave the password out and supply it separately.")
        }
        guard let schemeEnd = url.range(of: "://") else { throw invalid("it has no scheme") }
        let secureScheme: Bool
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "clickhouse": secureScheme = false
        case "clickhouses": secureScheme = true
        default: throw invalid("the scheme must be clickhouse:// or clickhouses://")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains("#") { throw invalid("it has a fragment (#...)") }
        var queryText: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        // Credentials end at the last '@' before the query, so that an unencoded '@' in a
        // password still parses; the host and path come after it.
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let hostPort: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            hostPort = rest
        }

        var user = "default"
        var urlPassword: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let decodedUser = Self.percentDecoded(parts[0]) else { throw invalid("the user has a bad %-escape") }
            if !decodedUser.isEmpty { user = decodedUser }
            if parts.count == 2 {
                guard let decoded = Self.percentDecoded(parts[1]) else { throw invalid("the password has a bad %-escape") }
                urlPassword = decoded
            }
        }

        let host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("the IPv6 address has no closing ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        guard !host.isEmpty else { throw invalid("it names no host") }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value), portText.allSatisfy(\.isASCII) else {
                throw invalid("the port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }

        var database = "default"
        if path.hasSuffix("/") { path = path.dropLast() }
        if !path.isEmpty {
            guard !path.contains("/") else { throw invalid("the path must be just the database name") }
            guard let decoded = Self.percentDecoded(path), !decoded.isEmpty else { throw invalid("the database name has a bad %-escape") }
            database = decoded
        }

        var secure = secureScheme
        var caFile: String?
        var connectTimeout = Duration.seconds(10)
        var queryTimeout: Duration? = .seconds(600)
        var cluster: String?
        var ddlTimeout: Duration?
        var settings: [String: String] = [:]
        for pair in queryText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecoded(parts[0]), let value = Self.percentDecoded(parts.count == 2 ? parts[1] : "") else {
                throw invalid("the parameter '\(parts[0])' has a bad %-escape")
            }
            switch name {
            case "secure":
                switch value.lowercased() {
                case "true", "1", "yes": secure = true
                case "false", "0", "no":
                    guard !secureScheme else { throw invalid("clickhouses:// always uses TLS, so secure=false contradicts it") }
                    secure = false
                default: throw invalid("secure must be true or false, not '\(value)'")
                }
            case "ca_file":
                guard !value.isEmpty else { throw invalid("ca_file is empty") }
                caFile = value
            case "connect_timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= Self.longestTimeout else {
                    throw invalid("connect_timeout must be a positive number of seconds, at most \(Int(Self.longestTimeout)) (a year), not '\(value)'")
                }
                connectTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
            case "query_timeout":
                guard let seconds = Double(value), seconds >= 0, seconds <= Self.longestTimeout else {
                    throw invalid("query_timeout must be a number of seconds (0 for no limit), at most \(Int(Self.longestTimeout)) (a year), not '\(value)'")
                }
                queryTimeout = seconds == 0 ? nil : .milliseconds(Int64((seconds * 1000).rounded()))
            case "cluster":
                guard ClusterPlaceholder.isValidName(value) else {
                    throw invalid("cluster must be a cluster name from the server's <remote_servers> (letters, digits, _ - .), not '\(value)'")
                }
                cluster = value
            case "ddl_timeout":
                guard let seconds = Double(value), seconds >= 1, seconds <= Self.longestTimeout else {
                    throw invalid("ddl_timeout must be a number of seconds, at least 1 and at most \(Int(Self.longestTimeout)) (a year), not '\(value)'")
                }
                ddlTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
            case "user", "password":
                throw invalid("the \(name) must not be a query parameter (URLs get logged)",
                              remedy: "Put the user before the host (clickhouse://USER@HOST/...) and supply the password separately or in the URL's user part.")
            case "database":
                throw invalid("the database is the URL's path", remedy: "Write it as clickhouse://HOST:8123/DATABASE.")
            case "query", "default_format", "wait_end_of_query", "session_id", "session_timeout", "session_check",
                 "query_id", "compress", "decompress", "buffer_size":
                throw invalid("'\(name)' is managed by Strata and cannot be set",
                              remedy: "Remove it from the URL.")
            default:
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw invalid("'\(name)' is not a ClickHouse setting name")
                }
                settings[name] = value
            }
        }
        if secure && !secureScheme && port == nil { port = Self.defaultSecurePort }

        let chosenPassword: String
        switch (urlPassword, password) {
        case (let inURL?, let given?) where inURL != given:
            throw invalid("the password is given both in the URL and separately, and they differ",
                          remedy: "Give the password in one place only (preferably not in the URL).")
        case (let inURL?, _): chosenPassword = inURL
        case (nil, let given?): chosenPassword = given
        case (nil, nil): chosenPassword = ""
        }
        self.init(host: host, port: port, database: database, user: user, password: chosenPassword, secure: secure,
                  caFile: caFile, connectTimeout: connectTimeout, queryTimeout: queryTimeout, settings: settings,
                  cluster: cluster, ddlTimeout: ddlTimeout)
    }

    /// The configuration as a URL with `***` for the password: safe to print and log.
    ///
    /// Parsing it back (with the password given separately) gives the same configuration.
    public var redactedURL: String {
        var text = secure ? "clickhouses://" : "clickhouse://"
        text += Self.percentEncoded(user)
        if !password.isEmpty { text += ":***" }
        text += "@\(endpoint)/\(Self.percentEncoded(database))"
        var parameters: [(String, String)] = []
        if let caFile { parameters.append(("ca_file", caFile)) }
        if connectTimeout != .seconds(10) { parameters.append(("connect_timeout", Self.seconds(connectTimeout))) }
        if queryTimeout != .seconds(600) { parameters.append(("query_timeout", queryTimeout.map(Self.seconds) ?? "0")) }
        if let cluster { parameters.append(("cluster", cluster)) }
        if let ddlTimeout { parameters.append(("ddl_timeout", Self.seconds(ddlTimeout))) }
        parameters += settings.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if !parameters.isEmpty {
            text += "?" + parameters.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1, keeping: "/:,"))" }.joined(separator: "&")
        }
        return text
    }

    /// A URL as typed, with the password (if any) replaced by `***`, in the user part and
    /// in a `password=` parameter. Works on text that does not parse, so that an error
    /// about a URL never shows its password.
    public static func redact(_ url: String) -> String {
        var text = url
        if let question = text.firstIndex(of: "?") {
            let parameters = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
                let name = pair.prefix { $0 != "=" }.lowercased()
                return name == "password" || name == "key" ? "\(pair.prefix { $0 != "=" })=***" : String(pair)
            }
            text = String(text[...question]) + parameters.joined(separator: "&")
        }
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityAndPath = text[schemeEnd.upperBound...].prefix { $0 != "?" }
        guard let at = authorityAndPath.lastIndex(of: "@") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func seconds(_ duration: Duration) -> String {
        let parts = duration.components
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }

    /// Decodes `%HH` escapes; `nil` when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    /// Escapes everything but unreserved characters (RFC 3986) and `extra` as `%HH`.
    static func percentEncoded(_ text: String, keeping extra: String = "") -> String {
        let kept = Set(extra.utf8)
        let digits = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            case _ where kept.contains(byte):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
