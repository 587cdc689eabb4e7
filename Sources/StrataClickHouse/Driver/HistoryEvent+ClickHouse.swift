import Foundation
import Strata

extension HistoryEvent {
    /// Reads a row of ``ClickHouseHistorySQL/select(_:database:)``.
    ///
    /// - Throws: ``StrataError/Code/historyTooNew`` when the row has a shape or an event
    ///   kind this build does not know (a newer Strata wrote it).
    init(clickHouseRow row: [ClickHouseValue], table: HistoryTable) throws(StrataError) {
        func bad(_ column: String) -> StrataError {
            StrataError(.historyTooNew, "The history table \(table.name) has a row this build cannot read (column \(column)).",
                        remedy: "Use the Strata release that wrote it, or a newer one.")
        }
        guard row.count == ClickHouseHistorySQL.columns.count else { throw bad("count") }
        guard let id = row[0].string else { throw bad("id") }
        guard let sequence = row[1].int64 else { throw bad("seq") }
        guard let version = row[2].int64 else { throw bad("version") }
        guard let name = row[3].string else { throw bad("name") }
        guard let eventText = row[5].string else { throw bad("event") }
        guard let kind = HistoryEventKind(rawValue: eventText) else {
            throw StrataError(.historyTooNew, "The history table \(table.name) holds an event '\(eventText)' this build does not know.",
                              remedy: "It was written by a newer Strata: use that release or a newer one.")
        }
        func date(_ value: ClickHouseValue) -> Date? {
            value.int64.map { Date(timeIntervalSince1970: Double($0)) }
        }
        self.init(
            id: id, sequence: sequence, version: MigrationVersion(version), name: name, description: row[4].string,
            kind: kind, checksum: row[6].string.map(Checksum.init(hex:)), rollbackSQL: row[7].string,
            startedAt: date(row[8]), finishedAt: date(row[9]), executionMilliseconds: row[10].double,
            appliedBy: row[11].string ?? "", toolVersion: row[12].string ?? "", engineVersion: row[13].string ?? "",
            error: row[14].string, failedStatement: row[15].int64.flatMap { Int(exactly: $0) }, note: row[16].string,
            details: row[17].string, formatVersion: row[18].int64.flatMap { Int(exactly: $0) } ?? 1)
    }
}
