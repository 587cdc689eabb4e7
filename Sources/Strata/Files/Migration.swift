/// One migration, read from a file such as `001_create_prices.sql`.
///
/// A migration has an up section, which brings the schema forward, and optionally a down
/// section, which undoes it. Its ``checksum`` covers the up section only, so fixing a
/// down section never makes a shipped migration look edited.
public struct Migration: Sendable, Hashable, Identifiable {
    /// The number that orders it.
    public var version: MigrationVersion
    /// The snake-case name from the file name (`create_prices`).
    public var name: String
    /// The file name, as it is in the migrations folder.
    public var fileName: String
    /// The engine this file is for, or `nil` when it is for every engine.
    public var engine: DatabaseEngine?
    /// The text of the `-- description:` header, when the file has one.
    public var description: String?
    /// The section that applies the migration.
    public var up: MigrationSection
    /// The section that undoes it; `nil` when the migration is irreversible.
    public var down: MigrationSection?
    /// SHA-256 of the up section (see ``Checksum``).
    public var checksum: Checksum
    /// Header directives other than the description (`-- strata:...`).
    public var directives: Set<MigrationDirective>

    public init(
        version: MigrationVersion, name: String, fileName: String, engine: DatabaseEngine?,
        description: String?, up: MigrationSection, down: MigrationSection?,
        directives: Set<MigrationDirective> = []
    ) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.engine = engine
        self.description = description
        self.up = up
        self.down = down
        self.checksum = Checksum(of: up.sql)
        self.directives = directives
    }

    public var id: MigrationVersion { version }
}

/// The up or down part of a migration file.
public struct MigrationSection: Sendable, Hashable {
    /// The SQL between this section's marker and the next marker (or the end of the file),
    /// with `\n` line endings.
    public var sql: String
    /// The 1-based line of the `-- migrate:` marker.
    public var markerLine: Int
    /// The options written on the marker line.
    public var options: SectionOptions

    public init(sql: String, markerLine: Int, options: SectionOptions = SectionOptions()) {
        self.sql = sql
        self.markerLine = markerLine
        self.options = options
    }

    /// The file line on which line `n` (1-based) of ``sql`` stands.
    public func fileLine(forSectionLine n: Int) -> Int { markerLine + n }
}

/// Options on a section's marker line, e.g. `-- migrate:up transaction:false`.
public struct SectionOptions: Sendable, Hashable {
    /// Whether the section runs in one transaction with its history row (DuckDB).
    /// `transaction:false` is for statements that cannot run inside a transaction.
    public var transaction: Bool

    public init(transaction: Bool = true) {
        self.transaction = transaction
    }
}

/// A `-- strata:` header directive.
public enum MigrationDirective: String, Sendable, Hashable, CaseIterable {
    /// The migration drops or narrows on purpose; lint does not flag it.
    case allowDestructive = "allow-destructive"
}
