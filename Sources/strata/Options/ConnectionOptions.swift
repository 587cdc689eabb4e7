import ArgumentParser
import Foundation
import Strata
import StrataClickHouse

/// The options every subcommand takes after its name:
/// `strata up --url duckdb:data/app.duckdb --dir migrations`.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database URL (default: $DATABASE_URL): duckdb:PATH, duckdb::memory:, clickhouse://user@host:8123/db, clickhouses://...",
        valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("The migrations folder.", valueName: "dir"))
    var dir: String = "migrations"

    @Option(name: .long, help: ArgumentHelp("The history table.", valueName: "name"))
    var historyTable: String = HistoryTable.default.name

    @Option(name: .long, help: ArgumentHelp(
        "ClickHouse: read the password from this file (or set STRATA_CLICKHOUSE_PASSWORD); keeps it out of the command line.",
        valueName: "path"))
    var passwordFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "ClickHouse: migrate this cluster (cluster mode, like ?cluster=NAME in the URL): replicated history, ON CLUSTER DDL, {cluster} filled in.",
        valueName: "name"))
    var cluster: String?

    @Option(name: .long, help: ArgumentHelp(
        "ClickHouse: seconds an ON CLUSTER statement waits for every host, and a read for its node to catch up (like ?ddl_timeout=).",
        valueName: "seconds"))
    var ddlTimeout: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another runner's migration lock (ClickHouse).", valueName: "seconds"))
    var lockTimeout: Int = 300

    @Option(name: .long, help: ArgumentHelp(
        "Seconds this run's migration lock lives without renewal; it is renewed while held, so a run that dies leaves a lock that expires after this long (ClickHouse).",
        valueName: "seconds"))
    var lockLease: Int = 60

    @Flag(name: .long, help: "Log what the tool does, to standard error.")
    var verbose = false

    /// The URL from --url or DATABASE_URL.
    func databaseURL() throws(StrataError) -> DatabaseURL {
        let text = url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        guard !text.isEmpty else {
            throw StrataError(.invalidURL, "No database URL was given.",
                              remedy: "Pass --url (e.g. --url duckdb:data/app.duckdb) or set DATABASE_URL.")
        }
        return try DatabaseURL.parse(text)
    }

    var migrationsDirectory: URL { URL(fileURLWithPath: dir) }

    /// Checks the numeric options and the cluster name.
    func validate() throws {
        let longest = Int(ClickHouseConfiguration.longestTimeout)
        if lockTimeout < 0 || lockTimeout > longest { throw ValidationError("--lock-timeout must be 0 to \(longest) seconds (a year).") }
        if lockLease < 3 || lockLease > longest {
            throw ValidationError("--lock-lease must be 3 to \(longest) seconds (the lease is renewed every third of it).")
        }
        if let ddlTimeout, ddlTimeout < 1 || ddlTimeout > longest { throw ValidationError("--ddl-timeout must be 1 to \(longest) seconds (a year).") }
        if let cluster, !ClusterPlaceholder.isValidName(cluster) {
            throw ValidationError("--cluster must be a cluster name from the server's <remote_servers> (letters, digits, _ - .), not '\(cluster)'.")
        }
    }

    func historyTableName() throws(StrataError) -> HistoryTable { try HistoryTable(name: historyTable) }

    /// Who runs the command, recorded in history: `user@host`.
    static var actor: String {
        let environment = ProcessInfo.processInfo.environment
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? account ?? "uid\(getuid())"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}

extension ConnectionOptions {
    /// The URL as shown to people: never with its password.
    var databaseLabel: String {
        URLRedaction.redact(url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "")
    }
}

/// Parses a version given on the command line.
func parseVersion(_ text: String, option: String) throws(StrataError) -> MigrationVersion {
    guard let version = MigrationVersion(digits: text) else {
        throw StrataError(.invalidArgument, "\(option) \(text) is not a version.",
                          remedy: "Give the version's digits, e.g. \(option) 3 (see `strata status`).")
    }
    return version
}
