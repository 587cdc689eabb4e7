/// Every migration in a folder, checked for clashes, ready to be resolved for an engine.
///
/// A version may have one file for every engine (`003_events.sql`) and engine-specific
/// variants (`003_events.clickhouse.sql`); the variant wins on its engine. Two files with
/// one version for one engine are an error, whatever their names.
public struct MigrationSet: Sendable, Hashable {
    /// Every file, sorted by version then file name.
    public let files: [Migration]

    /// Checks the files for clashing versions.
    ///
    /// - Throws: ``StrataError/Code/duplicateVersion`` naming both files.
    public init(_ files: [Migration]) throws(StrataError) {
        let sorted = files.sorted { ($0.version, $0.fileName) < ($1.version, $1.fileName) }
        var seen: [Key: Migration] = [:]
        for migration in sorted {
            let key = Key(version: migration.version, engine: migration.engine)
            if let earlier = seen[key] {
                let scope = migration.engine.map { "for \($0.displayName)" } ?? "for every engine"
                throw StrataError(
                    .duplicateVersion,
                    "\(earlier.fileName) and \(migration.fileName) both define version \(migration.version) \(scope).",
                    remedy: "Give one of them the next free version (rename the file), or merge them into one migration.",
                    location: SourceLocation(file: migration.fileName))
            }
            seen[key] = migration
        }
        self.files = sorted
    }

    /// The migrations that apply to one engine, in version order.
    public func migrations(for engine: DatabaseEngine) -> [Migration] {
        var chosen: [MigrationVersion: Migration] = [:]
        for migration in files {
            switch migration.engine {
            case nil:
                if chosen[migration.version] == nil { chosen[migration.version] = migration }
            case engine?:
                chosen[migration.version] = migration
            case _?:
                continue
            }
        }
        return chosen.values.sorted { $0.version < $1.version }
    }

    private struct Key: Hashable {
        var version: MigrationVersion
        var engine: DatabaseEngine?
    }
}

private func < (lhs: (MigrationVersion, String), rhs: (MigrationVersion, String)) -> Bool {
    lhs.0 != rhs.0 ? lhs.0 < rhs.0 : lhs.1 < rhs.1
}
