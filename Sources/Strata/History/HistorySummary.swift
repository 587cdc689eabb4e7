import Crypto
import Foundation

/// History folded into one row by the database, for a start-up check that reads almost
/// nothing: the current version, how many versions are failed or interrupted, and a digest
/// of every applied version with its checksum.
public struct HistorySummary: Sendable, Hashable {
    /// The highest applied version.
    public var currentVersion: MigrationVersion?
    /// How many versions are left failed or interrupted.
    public var unsettled: Int
    /// MD5 (hex) of `version:checksum` of every applied version, ascending, joined by `,`;
    /// `nil` when nothing is applied. See ``digest(of:)``.
    public var appliedDigest: String?
    /// The newest `format_version` in the table (0 when empty).
    public var newestFormat: Int

    public init(currentVersion: MigrationVersion?, unsettled: Int, appliedDigest: String?, newestFormat: Int) {
        self.currentVersion = currentVersion
        self.unsettled = unsettled
        self.appliedDigest = appliedDigest
        self.newestFormat = newestFormat
    }

    /// The summary of a folded history, as a database that summarises must compute it.
    public init(_ state: HistoryState) {
        self.init(currentVersion: state.currentVersion, unsettled: state.failed.count,
                  appliedDigest: Self.digest(state.applied.map { ($0.version, $0.checksum?.hex ?? "") }),
                  newestFormat: state.events.map(\.formatVersion).max() ?? 0)
    }

    /// The digest a history would have if exactly these migrations were applied as they are.
    public static func digest(of migrations: [Migration]) -> String? {
        digest(migrations.map { ($0.version, $0.checksum.hex) })
    }

    static func digest(_ applied: [(MigrationVersion, String)]) -> String? {
        guard !applied.isEmpty else { return nil }
        let text = applied.sorted { $0.0 < $1.0 }.map { "\($0.0):\($0.1)" }.joined(separator: ",")
        return Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension MigrationDriver {
    /// The default: no summary; `ensure` reads and folds the whole history instead.
    public func historySummary(_ table: HistoryTable) async throws -> HistorySummary? { nil }
}
