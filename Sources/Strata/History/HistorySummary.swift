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
        digest(of: migrations[...])
    }

    /// The digest a history would have if exactly these migrations were applied as they are.
    ///
    /// Runs on every `ensure`, over every migration file: the text is built as bytes, and
    /// the migrations are read in place (copying a ``Migration`` costs more than hashing it).
    public static func digest(of migrations: ArraySlice<Migration>) -> String? {
        guard !migrations.isEmpty else { return nil }
        var inOrder = true
        var index = migrations.startIndex + 1
        while inOrder, index < migrations.endIndex {
            inOrder = migrations[index - 1].version < migrations[index].version
            index += 1
        }
        guard inOrder else { return digest(migrations.map { ($0.version, $0.checksum.hex) }) }
        var text: [UInt8] = []
        text.reserveCapacity(migrations.count * 88)
        for index in migrations.indices {
            append(migrations[index].version, migrations[index].checksum.hex, to: &text)
        }
        return md5(text)
    }

    /// The MD5 of `version:checksum` pairs in version order, joined by `,`, in hex: what
    /// DuckDB computes with `md5(string_agg(...))`.
    static func digest(_ applied: [(MigrationVersion, String)]) -> String? {
        guard !applied.isEmpty else { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(applied.count * 88)
        for (version, checksum) in applied.sorted(by: { $0.0 < $1.0 }) {
            append(version, checksum, to: &text)
        }
        return md5(text)
    }

    private static func append(_ version: MigrationVersion, _ checksum: String, to text: inout [UInt8]) {
        if !text.isEmpty { text.append(UInt8(ascii: ",")) }
        text.append(contentsOf: String(version.value).utf8)
        text.append(UInt8(ascii: ":"))
        text.append(contentsOf: checksum.utf8)
    }

    private static func md5(_ text: [UInt8]) -> String {
        LowercaseHex.string(of: Insecure.MD5.hash(data: text))
    }
}

extension MigrationDriver {
    /// The default: no summary; `ensure` reads and folds the whole history instead.
    public func historySummary(_ table: HistoryTable) async throws -> HistorySummary? { nil }

    /// The default: nothing is stored; the summary is computed from the events.
    public func recordSummary(_ summary: HistorySummary?, of table: HistoryTable) async throws {}
}
