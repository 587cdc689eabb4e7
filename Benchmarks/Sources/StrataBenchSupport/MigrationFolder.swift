import Foundation

/// Writes folders of benchmark migrations (see ``MigrationShape``).
public enum MigrationFolder {
    public enum Dialect: String, Sendable {
        case duckdb, clickhouse
    }

    /// Writes migrations `1...count` into `directory` (created if needed; existing `.sql`
    /// files in it are removed first, so the folder holds exactly this set).
    public static func write(count: Int, dialect: Dialect, to directory: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".sql") {
            try manager.removeItem(at: directory.appendingPathComponent(name))
        }
        for number in 1...count {
            let text = dialect == .duckdb ? MigrationShape.duckDB(number) : MigrationShape.clickHouse(number)
            let url = directory.appendingPathComponent(MigrationShape.fileName(number, total: count))
            try Data(text.utf8).write(to: url)
        }
    }

    /// A folder of `count` DuckDB migrations under the system's temporary folder, written
    /// once and reused by later runs (its name carries the count and a shape version).
    public static func cached(count: Int, dialect: Dialect = .duckdb) throws -> URL {
        let directory = cacheRoot.appendingPathComponent("\(dialect.rawValue)-\(count)")
        let marker = directory.appendingPathComponent(".complete")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try write(count: count, dialect: dialect, to: directory)
            try Data().write(to: marker)
        }
        return directory
    }

    /// `$TMPDIR/strata-bench-v1`: the cache of generated folders and databases.
    public static var cacheRoot: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-v\(shapeVersion)")
    }

    /// Bumped whenever ``MigrationShape`` changes, so that cached folders are made anew.
    public static let shapeVersion = 1
}
