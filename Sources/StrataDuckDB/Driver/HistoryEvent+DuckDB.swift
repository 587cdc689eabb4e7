import Foundation
import Strata

extension HistoryEvent {
    /// The parameters of ``DuckDBHistorySQL/insert(_:)``, in column order.
    var duckDBParameters: [DuckDBValue] {
        [
            .text(id), .int(sequence), .int(version.value), .text(name), description.duckDBValue, .text(kind.rawValue),
            (checksum?.hex).duckDBValue, rollbackSQL.duckDBValue, startedAt.map { .timestamp($0.microsecondsSince1970) } ?? .null,
            finishedAt.map { .timestamp($0.microsecondsSince1970) } ?? .null, executionMilliseconds.map(DuckDBValue.double) ?? .null,
            .text(appliedBy), .text(toolVersion), .text(engineVersion), error.duckDBValue,
            failedStatement.map { .int(Int64($0)) } ?? .null, note.duckDBValue, details.duckDBValue, .int(Int64(formatVersion)),
        ]
    }

    /// Reads a row of ``DuckDBHistorySQL/select(_:)``.
    init(duckDBRow row: [DuckDBValue], table: HistoryTable) throws(StrataError) {
        func bad(_ column: String) -> StrataError {
            StrataError(.historyTooNew, "The history table \(table.name) has a row this build cannot read (column \(column)).",
                        remedy: "Use the Strata release that wrote it, or a newer one.")
        }
        guard row.count == DuckDBHistorySQL.columns.count else { throw bad("count") }
        guard let id = row[0].string else { throw bad("id") }
        guard let sequence = row[1].int64 else { throw bad("seq") }
        guard let version = row[2].int64 else { throw bad("version") }
        guard let name = row[3].string else { throw bad("name") }
        guard let eventText = row[5].string else { throw bad("event") }
        guard let kind = HistoryEventKind(rawValue: eventText) else {
            throw StrataError(.historyTooNew, "The history table \(table.name) holds an event '\(eventText)' this build does not know.",
                              remedy: "It was written by a newer Strata: use that release or a newer one.")
        }
        func date(_ value: DuckDBValue) -> Date? {
            if case .timestamp(let micros) = value { return Date(microsecondsSince1970: micros) }
            return nil
        }
        self.init(
            id: id, sequence: sequence, version: MigrationVersion(version), name: name, description: row[4].string,
            kind: kind, checksum: row[6].string.map(Checksum.init(hex:)), rollbackSQL: row[7].string,
            startedAt: date(row[8]), finishedAt: date(row[9]), executionMilliseconds: row[10].double,
            appliedBy: row[11].string ?? "", toolVersion: row[12].string ?? "", engineVersion: row[13].string ?? "",
            error: row[14].string, failedStatement: row[15].int64.map { Int($0) }, note: row[16].string,
            details: row[17].string, formatVersion: Int(row[18].int64 ?? 1))
    }
}

extension Date {
    var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
    init(microsecondsSince1970 micros: Int64) { self.init(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
