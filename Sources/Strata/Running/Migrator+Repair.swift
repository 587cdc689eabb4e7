import Foundation

extension Migrator {
    /// Records an explicit repair as a history event (`strata repair`).
    ///
    /// - Parameters:
    ///   - action: what to repair.
    ///   - note: why; recorded with the event.
    /// - Returns: the event written.
    /// - Throws: ``StrataError`` when the repair does not fit the version's state.
    @discardableResult
    public func repair(_ action: RepairAction, note: String) async throws -> HistoryEvent {
        try requireNote(note)
        try await driver.prepareHistory(table)
        return try await driver.withMigrationLock(configuration.lockRequest) { [self] in
            let state = try await historyState()
            var sequences = SequenceAllocator(after: state.lastSequence)
            let now = configuration.clock()
            let event = try action.event(migrations: migrations, history: state, note: note, sequence: sequences.next(at: now),
                                         context: try await repairContext(now))
            try await writingHistory { try await driver.append(event, to: table) }
            return event
        }
    }

    /// Adopts a database built before Strata: records every migration up to `version` as
    /// applied (event `baseline`) without running it (`strata baseline V`).
    ///
    /// - Throws: ``StrataError`` when history already has events, or no migration is at or
    ///   below `version`.
    @discardableResult
    public func baseline(_ version: MigrationVersion, note: String) async throws -> [HistoryEvent] {
        try requireNote(note)
        try await driver.prepareHistory(table)
        return try await driver.withMigrationLock(configuration.lockRequest) { [self] in
            try await recordBaseline(version, note: note)
        }
    }

    private func recordBaseline(_ version: MigrationVersion, note: String) async throws -> [HistoryEvent] {
        let state = try await historyState()
        guard state.events.isEmpty else {
            throw StrataError(.invalidArgument,
                              "History already has \(state.events.count) event\(state.events.count == 1 ? "" : "s"); a baseline is only for a database that Strata has never migrated.",
                              remedy: "Use `strata status` to see where it stands; `strata repair` fixes individual versions.")
        }
        let adopted = migrations.filter { $0.version <= version }
        guard !adopted.isEmpty else {
            throw StrataError(.unknownVersion, "No migration has a version at or below \(version).",
                              remedy: "Pick the version of the last migration the existing schema already contains.")
        }
        let now = configuration.clock()
        let context = try await repairContext(now)
        var sequences = SequenceAllocator(after: nil)
        let events = adopted.map { migration in
            HistoryEvent(
                sequence: sequences.next(at: now), version: migration.version, name: migration.name,
                description: migration.description, kind: .baseline, checksum: migration.checksum,
                rollbackSQL: migration.down?.sql, startedAt: now, finishedAt: now, appliedBy: context.actor,
                toolVersion: context.toolVersion, engineVersion: context.engineVersion, note: note)
        }
        try await writingHistory { try await driver.append(events, to: table) }
        return events
    }

    private func requireNote(_ note: String) throws(StrataError) {
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StrataError(.invalidArgument, "A repair or baseline needs a note saying why.",
                              remedy: "Add --note \"...\"; it is recorded in history with who ran it.")
        }
    }

    private func repairContext(_ now: Date) async throws -> RepairContext {
        RepairContext(now: now, actor: configuration.actor, toolVersion: configuration.toolVersion,
                      engineVersion: try await driver.serverVersion())
    }
}
