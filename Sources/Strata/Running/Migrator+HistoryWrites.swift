extension Migrator {
    /// Runs `body`, which appends history events, so that a summary the driver stores
    /// (``MigrationDriver/recordSummary(_:of:)``) is never older than the events: it is marked
    /// unknown before `body` and recorded from the history read back after it, whether
    /// `body` succeeded or threw.
    ///
    /// - Returns: what `body` returned and the history after it.
    /// - Throws: what `body` threw; or, before anything ran, the driver's refusal to mark
    ///   the summary (for example a foreign table in its place).
    /// Drivers without ``DriverCapabilities/storedSummary`` only run `body` and read history back.
    @discardableResult
    func writingHistory<T>(_ body: () async throws -> T) async throws -> (value: T, after: HistoryState) {
        guard driver.capabilities.contains(.storedSummary) else {
            let value = try await body()
            return (value, try await historyState())
        }
        try await driver.recordSummary(nil, of: table)
        let value: T
        do {
            value = try await body()
        } catch {
            // The failure is what the caller must see; without a summary the next reader
            // folds the events, which is correct, only slower.
            _ = try? await recordSummaryOfHistory()
            throw error
        }
        return (value, try await recordSummaryOfHistory())
    }

    /// Reads history back and stores its summary; a summary that cannot be stored stays
    /// unknown (safe), and is logged. Nothing is stored while history has no event of
    /// ``HistoryEvent/firstSummaryKeepingFormat``: an older build could still write events
    /// without marking the summary unknown.
    private func recordSummaryOfHistory() async throws -> HistoryState {
        let after = try await historyState()
        let summary = HistorySummary(after)
        guard summary.newestFormat >= HistoryEvent.firstSummaryKeepingFormat else { return after }
        do {
            try await driver.recordSummary(summary, of: table)
        } catch {
            logger.warning("could not store the history summary; `ensure` will fold the history until the next run stores it",
                           metadata: ["error": "\(error)"])
        }
        return after
    }
}
