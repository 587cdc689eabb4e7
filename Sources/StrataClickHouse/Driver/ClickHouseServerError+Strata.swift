import Strata

extension ClickHouseServerError {
    /// The error as Strata reports it, with a remedy for the refusals people can fix:
    /// wrong credentials, a missing database, a read-only user.
    ///
    /// - Parameters:
    ///   - configuration: names the server and user (never the password).
    ///   - action: what Strata was doing, e.g. "reading the history table default.schema_migrations".
    func strataError(_ configuration: ClickHouseConfiguration, while action: String) -> StrataError {
        let server = "ClickHouse at \(configuration.endpoint)"
        if isAuthenticationFailure {
            return StrataError(
                .databaseUnavailable,
                "\(server) refused user '\(configuration.user)' (HTTP \(status)\(code.map { ", code \($0)" } ?? "")) while \(action).",
                remedy: "Check the user name and the password (give it in the URL, or separately so that it stays out of the command line).",
                underlying: message)
        }
        if isUnknownDatabase {
            return StrataError(
                .databaseUnavailable, "\(server) has no database '\(configuration.database)'.",
                remedy: "Create it (CREATE DATABASE \(ClickHouseLiteral.identifier(configuration.database))) or name another database in the URL's path.",
                underlying: message)
        }
        if isReadonly {
            return StrataError(
                .databaseError, "User '\(configuration.user)' may not write on \(server) (read-only) while \(action).",
                remedy: "Run migrations as a user allowed to create tables and insert rows.",
                underlying: message)
        }
        return StrataError(.databaseError, "\(server) refused a request while \(action).", underlying: message)
    }
}
