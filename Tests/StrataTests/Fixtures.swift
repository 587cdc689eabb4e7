import Foundation
@testable import Strata

/// Builds migrations and history events for pure engine tests.
enum Fixture {
    static func migration(_ version: Int64, _ name: String = "m", up: String? = nil, down: String? = "SELECT 'down';",
                          engine: DatabaseEngine? = nil, transaction: Bool = true) -> Migration {
        let suffix = engine.map { ".\($0.rawValue)" } ?? ""
        var text = "-- migrate:up\(transaction ? "" : " transaction:false")\n\(up ?? "CREATE TABLE t\(version) (x INTEGER);")\n"
        if let down { text += "-- migrate:down\n\(down)\n" }
        let fileName = String(format: "%03d", version) + "_\(name)\(suffix).sql"
        do {
            return try MigrationFileParser.parse(fileName: fileName, bytes: Array(text.utf8))
        } catch {
            preconditionFailure("fixture does not parse: \(error)")
        }
    }

    static func event(_ version: Int64, _ kind: HistoryEventKind, sequence: Int64, checksum: Checksum? = nil,
                      rollbackSQL: String? = nil, failedStatement: Int? = nil, error: String? = nil) -> HistoryEvent {
        HistoryEvent(sequence: sequence, version: MigrationVersion(version), name: "m", kind: kind, checksum: checksum,
                     rollbackSQL: rollbackSQL, startedAt: Date(timeIntervalSince1970: 1_000), appliedBy: "test@host",
                     toolVersion: "test", engineVersion: "test", error: error, failedStatement: failedStatement)
    }

    /// History in which each of `migrations` was applied as it is.
    static func applied(_ migrations: [Migration]) -> [HistoryEvent] {
        migrations.enumerated().map { index, migration in
            event(migration.version.value, .applied, sequence: Int64(index + 1), checksum: migration.checksum,
                  rollbackSQL: migration.down?.sql)
        }
    }
}
