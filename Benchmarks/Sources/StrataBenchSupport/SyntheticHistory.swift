import Foundation
import Strata

/// History events as `strata up` would have written them, made in memory: one `applied`
/// event per migration, with its checksum and rollback SQL, as the fold and the planner
/// see them after reading a real history table.
public enum SyntheticHistory {
    /// Parses migrations `1...count` of ``MigrationShape`` from text (no disk I/O).
    public static func migrations(count: Int) throws -> [Migration] {
        var files: [Migration] = []
        files.reserveCapacity(count)
        for number in 1...count {
            files.append(try MigrationFileParser.parse(
                fileName: MigrationShape.fileName(number, total: count), bytes: Array(MigrationShape.duckDB(number).utf8)))
        }
        return try MigrationSet(files).migrations(for: .duckdb)
    }

    /// One `applied` event per migration, in order.
    public static func appliedEvents(for migrations: [Migration]) -> [HistoryEvent] {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        return migrations.enumerated().map { offset, migration in
            let startedAt = start.addingTimeInterval(Double(offset) * 0.02)
            return HistoryEvent(
                sequence: 1_790_000_000_000_000 + Int64(offset) * 20_000, version: migration.version, name: migration.name,
                description: migration.description, kind: .applied, checksum: migration.checksum,
                rollbackSQL: migration.down?.sql, startedAt: startedAt, finishedAt: startedAt.addingTimeInterval(0.015),
                executionMilliseconds: 15, appliedBy: "bench@host", toolVersion: StrataVersion.current,
                engineVersion: "v2.0.1")
        }
    }
}
