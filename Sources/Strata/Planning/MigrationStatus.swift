import Foundation

/// Where one migration stands, comparing the folder with the history.
public enum MigrationState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Applied, and the file's up section is the one that was applied.
    case applied
    /// In the folder, not applied.
    case pending
    /// Applied, but the file's up section has changed since.
    case modified
    /// Applied, but no file has its version any more.
    case missing
    /// Left half-way by a failed or interrupted run.
    case failed
}

/// One line of `strata status`.
public struct MigrationStatus: Sendable, Hashable {
    public var version: MigrationVersion
    public var name: String
    public var state: MigrationState
    /// The file, when there is one.
    public var migration: Migration?
    /// What history says, when it says anything.
    public var record: RecordedMigration?

    /// The file's checksum, or the recorded one when the file is missing.
    public var checksum: Checksum? { migration?.checksum ?? record?.checksum }
    public var appliedAt: Date? { record?.isApplied == true ? record?.appliedAt : nil }
    public var executionMilliseconds: Double? { record?.isApplied == true ? record?.executionMilliseconds : nil }
}

/// The whole status: every version in the folder or the history, ascending.
public struct StatusReport: Sendable, Hashable {
    /// The highest applied version, `nil` when nothing is applied.
    public var currentVersion: MigrationVersion?
    public var migrations: [MigrationStatus]

    public init(currentVersion: MigrationVersion?, migrations: [MigrationStatus]) {
        self.currentVersion = currentVersion
        self.migrations = migrations
    }

    public func migrations(in state: MigrationState) -> [MigrationStatus] {
        migrations.filter { $0.state == state }
    }

    /// Whether anything needs a person: modified, missing or failed migrations.
    public var needsAttention: Bool {
        migrations.contains { [.modified, .missing, .failed].contains($0.state) }
    }
}
