import Foundation
import Logging
import Strata
import StrataClickHouse
import StrataDuckDB

/// Whether a command may change the database.
enum DatabaseAccess {
    /// status, history, ensure: never create or change anything; a DuckDB file that does
    /// not exist yet reads as an empty database (with a note on standard error).
    case readOnly
    /// dump: read an existing database; a DuckDB file that does not exist is an error.
    case readExisting
    /// up, down, repair, baseline.
    case readWrite
}

/// Opens the database a URL names and hands a ready ``Migrator`` to the command.
enum DatabaseOpener {
    /// The thread DuckDB's calls run on: the main thread, lent by ``StrataMain``; `nil`
    /// (threads of their own) when commands run elsewhere.
    @TaskLocal static var duckDBThread: LentThread?

    static func withMigrator<T>(
        _ options: ConnectionOptions, access: DatabaseAccess, loadingFiles: Bool = true,
        _ body: (Migrator) async throws -> T
    ) async throws -> T {
        let url = try options.databaseURL()
        // The files are read and checked while the database opens (a DuckDB file with a large
        // catalog takes about as long to open as a thousand files take to parse), except when
        // opening would create the database: then a bad file stops the command before that.
        let directory = options.migrationsDirectory
        let overlapping = loadingFiles && !createsDatabase(url, access: access)
        let loadedFirst = loadingFiles && !overlapping ? try MigrationDirectory.load(from: directory) : nil
        // Reading files blocks: it runs on a thread of its own, never on the threads that run
        // Swift's tasks (NIO's event loops, which carry ClickHouse's requests).
        let loading: Task<MigrationSet, any Error>? = overlapping ? Task.detached {
            try await BlockingQueue(label: "strata.files").run { try MigrationDirectory.load(from: directory) }
        } : nil
        let configuration = MigratorConfiguration(
            historyTable: try options.historyTableName(), actor: ConnectionOptions.actor,
            lockTimeout: .seconds(options.lockTimeout), lockLease: .seconds(options.lockLease),
            lockWaiting: { holder in
                let since = holder.since.map { " since \(Formatting.humanDate($0)) UTC" } ?? ""
                let expires = holder.expires.map { ", lease until \(Formatting.humanDate($0)) UTC" } ?? ""
                Console.error("Waiting for the migration lock held by \(holder.host) pid \(holder.process) (run \(holder.id))\(since)\(expires) ...")
            }, stopSignal: Console.stopSignal)
        let logger = makeLogger(verbose: options.verbose)
        do {
            return try await withDriver(url, options: options, access: access, logger: logger) { driver in
                let migrations = try await loading?.value ?? loadedFirst ?? MigrationSet([])
                return try await body(Migrator(driver: driver, migrations: migrations, configuration: configuration, logger: logger))
            }
        } catch {
            // A bad file is reported first, as if the files had been read before opening.
            if let loading, case .failure(let fileError) = await loading.result { throw fileError }
            throw error
        }
    }

    /// Whether opening `url` for `access` would create a database (a DuckDB file that does
    /// not exist yet, opened to write).
    static func createsDatabase(_ url: DatabaseURL, access: DatabaseAccess) -> Bool {
        guard case .duckdb(let path) = url, access == .readWrite, path != ":memory:" else { return false }
        return !FileManager.default.fileExists(atPath: path)
    }

    static func withDriver<T>(
        _ url: DatabaseURL, options: ConnectionOptions, access: DatabaseAccess, logger: Logger,
        _ body: (any SchemaDriver) async throws -> T
    ) async throws -> T {
        switch url {
        case .duckdb(let path):
            if options.cluster != nil || options.ddlTimeout != nil {
                throw StrataError(.invalidArgument, "--cluster and --ddl-timeout are for ClickHouse; DuckDB is one embedded database.",
                                  remedy: "Leave them out for a duckdb: URL.")
            }
            var openPath = path
            var openOptions = DuckDBOpenOptions(thread: duckDBThread)
            if access != .readWrite, path != ":memory:" {
                if FileManager.default.fileExists(atPath: path) {
                    openOptions.readOnly = true
                } else if access == .readExisting {
                    throw StrataError(.databaseUnavailable, "The DuckDB file \(path) does not exist.",
                                      remedy: "Check the path in --url (or DATABASE_URL).")
                } else {
                    // Nothing to read, and reading must not create the file.
                    Console.error("note: \(path) does not exist yet; it reads as an empty database.")
                    openPath = ":memory:"
                }
            }
            return try await DuckDBDriver.withDriver(path: openPath, options: openOptions) { try await body($0) }
        case .clickhouse(let text):
            let configuration = try clickHouseConfiguration(text, options: options)
            return try await ClickHouseDriver.withDriver(configuration: configuration, logger: logger) { try await body($0) }
        }
    }

    /// The URL from --url or DATABASE_URL, or `nil` when neither is given (dump
    /// --from-migrations, check and verify then work on an in-memory DuckDB).
    static func optionalURL(_ options: ConnectionOptions) throws(StrataError) -> DatabaseURL? {
        let text = options.url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        return text.isEmpty ? nil : try DatabaseURL.parse(text)
    }

    /// Opens a driver for `dump`, `check` and `verify`: the database `url` names, read only,
    /// or, with `scratchOnly` (only the engine matters: the work happens in scratch
    /// databases), an in-memory DuckDB for DuckDB URLs and no URL, so that a DuckDB file
    /// is never opened (nor its lock taken) for nothing.
    static func withSchemaDriver<T>(
        _ url: DatabaseURL?, options: ConnectionOptions, scratchOnly: Bool, logger: Logger,
        _ body: (any SchemaDriver) async throws -> T
    ) async throws -> T {
        switch url {
        case nil:
            return try await withDriver(.duckdb(path: ":memory:"), options: options, access: .readOnly, logger: logger, body)
        case .duckdb? where scratchOnly:
            return try await withDriver(.duckdb(path: ":memory:"), options: options, access: .readOnly, logger: logger, body)
        case let url?:
            return try await withDriver(url, options: options, access: .readExisting, logger: logger, body)
        }
    }

    /// The ClickHouse configuration from the URL, with --cluster and --ddl-timeout applied.
    static func clickHouseConfiguration(_ url: String, options: ConnectionOptions) throws(StrataError) -> ClickHouseConfiguration {
        var configuration = try ClickHouseConfiguration(url: url, password: try clickHousePassword(options))
        if let cluster = options.cluster {
            if let inURL = configuration.cluster, inURL != cluster {
                throw StrataError(.invalidArgument, "--cluster \(cluster) contradicts cluster=\(inURL) in the URL.",
                                  remedy: "Name the cluster in one place.")
            }
            configuration.cluster = cluster
        }
        if let seconds = options.ddlTimeout { configuration.ddlTimeout = .seconds(seconds) }
        return configuration
    }

    /// The ClickHouse password from --password-file or STRATA_CLICKHOUSE_PASSWORD, if given
    /// (a password in the URL is used otherwise).
    static func clickHousePassword(_ options: ConnectionOptions) throws(StrataError) -> String? {
        if let file = options.passwordFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw StrataError(.unreadableFile, "Cannot read the password file \(file).",
                                  remedy: "Check the path and that the file is readable.")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return ProcessInfo.processInfo.environment["STRATA_CLICKHOUSE_PASSWORD"]
    }

    static func makeLogger(verbose: Bool) -> Logger {
        var logger = Logger(label: "strata") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}
