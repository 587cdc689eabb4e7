extension Migrator {
    /// Checks that the database is exactly at `version`: the start-up guard.
    ///
    /// The database is at `version` when no migration is failed, nothing above `version` is
    /// applied, and (when `checkingFiles`) every migration file up to `version` is applied
    /// unedited and every applied migration still has its file.
    ///
    /// ```swift
    /// try await migrator.ensure(MigrationVersion(42))   // throws EnsureError otherwise
    /// ```
    ///
    /// - Parameters:
    ///   - version: the version the application was built for.
    ///   - checkingFiles: compare with the migration files too; pass `false` when the
    ///     application ships without them (history alone is checked: the current version
    ///     must equal `version`).
    /// - Throws: ``EnsureError`` saying whether the database is behind, ahead, edited,
    ///   missing or failed; database errors as ``StrataError``.
    public func ensure(_ version: MigrationVersion, checkingFiles: Bool = true) async throws {
        // The common case, a database exactly at `version`, is proved from one summary row;
        // anything else reads the whole history to say precisely what is wrong.
        if let summary = try await driver.historySummary(table),
           Self.summaryProves(summary, expected: version, filesDigest: checkingFiles ? filesDigest(upTo: version) : nil,
                              checkingFiles: checkingFiles) {
            return
        }
        let state = try await historyState()
        if let problem = Self.ensureProblem(expected: version, migrations: migrations, history: state, checkingFiles: checkingFiles) {
            throw problem
        }
    }

    /// Whether a summary shows the database exactly at `expected`: nothing failed, the
    /// current version is `expected`, and (checking files) the applied versions and their
    /// checksums are exactly the files up to `expected`.
    static func summaryProves(_ summary: HistorySummary, expected: MigrationVersion, migrations: [Migration], checkingFiles: Bool) -> Bool {
        summaryProves(summary, expected: expected, filesDigest: checkingFiles ? filesDigest(migrations, upTo: expected) : nil,
                      checkingFiles: checkingFiles)
    }

    static func summaryProves(_ summary: HistorySummary, expected: MigrationVersion, filesDigest: String?, checkingFiles: Bool) -> Bool {
        guard summary.unsettled == 0, summary.newestFormat <= HistoryEvent.currentFormatVersion,
              summary.currentVersion == expected else { return false }
        return !checkingFiles || summary.appliedDigest == filesDigest
    }

    /// The digest of the files up to `version`: a prefix of `migrations`, which are in
    /// version order (were they not, the digest would differ and `ensure` would read the
    /// whole history: slower, still right).
    static func filesDigest(_ migrations: [Migration], upTo version: MigrationVersion) -> String? {
        HistorySummary.digest(of: migrations.prefix { $0.version <= version })
    }

    /// ``filesDigest(_:upTo:)``, taken from the one computed with the migrations when
    /// `version` is the last file's (the usual case: an application built with its newest
    /// migration).
    func filesDigest(upTo version: MigrationVersion) -> String? {
        version == migrations.last?.version ? digestOfAllFiles : Self.filesDigest(migrations, upTo: version)
    }

    /// The pure check behind ``ensure(_:checkingFiles:)``.
    static func ensureProblem(
        expected: MigrationVersion, migrations: [Migration], history: HistoryState, checkingFiles: Bool
    ) -> EnsureError? {
        let current = history.currentVersion
        func problem(_ reason: EnsureError.Reason, _ versions: [MigrationVersion]) -> EnsureError {
            EnsureError(reason: reason, expected: expected, current: current, versions: versions)
        }
        let failed = history.failed.map(\.version)
        if !failed.isEmpty { return problem(.failed, failed) }
        let ahead = history.applied.map(\.version).filter { $0 > expected }
        if !ahead.isEmpty { return problem(.ahead, ahead) }
        guard checkingFiles else {
            return current == expected ? nil : problem(.behind, [expected])
        }
        let report = Planner.status(migrations: migrations, history: history)
        let upToExpected = report.migrations.filter { $0.version <= expected }
        let edited = upToExpected.filter { $0.state == .modified }.map(\.version)
        if !edited.isEmpty { return problem(.edited, edited) }
        let missing = upToExpected.filter { $0.state == .missing }.map(\.version)
        if !missing.isEmpty { return problem(.missing, missing) }
        let pending = upToExpected.filter { $0.state == .pending }.map(\.version)
        if !pending.isEmpty { return problem(.behind, pending) }
        if current != expected {
            // Nothing pending up to `expected`, yet the current version differs: `expected`
            // is not a migration this folder knows.
            return problem(.behind, [expected])
        }
        return nil
    }
}
