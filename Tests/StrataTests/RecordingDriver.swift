import Foundation
import Synchronization
@testable import Strata

/// A driver that records what the migrator asks of it, for pure engine tests. It stands in
/// for no database behaviour beyond keeping events and failing where told.
final class RecordingDriver: MigrationDriver {
    struct State {
        var events: [HistoryEvent] = []
        var executed: [String] = []
        var failOn: String?
        var historyPrepared = 0
        var resuming: [String?] = []
        /// The kinds of the events of each write, in order.
        var writes: [[HistoryEventKind]] = []
    }

    let engine: DatabaseEngine
    let capabilities: DriverCapabilities
    let cluster: String?
    let state = Mutex(State())

    init(engine: DatabaseEngine = .clickhouse, capabilities: DriverCapabilities = [], cluster: String? = nil) {
        self.engine = engine
        self.capabilities = capabilities
        self.cluster = cluster
    }

    var events: [HistoryEvent] { state.withLock { $0.events } }
    var executed: [String] { state.withLock { $0.executed } }
    /// The `resuming` detail of each run, in order.
    var resuming: [String?] { state.withLock { $0.resuming } }
    func failOn(_ text: String?) { state.withLock { $0.failOn = text } }

    func serverVersion() async throws -> String { "recording-1" }
    func prepareHistory(_ table: HistoryTable) async throws { state.withLock { $0.historyPrepared += 1 } }
    func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent] { events }
    func append(_ event: HistoryEvent, to table: HistoryTable) async throws { try await append([event], to: table) }
    func append(_ events: [HistoryEvent], to table: HistoryTable) async throws {
        state.withLock { state in
            state.events += events
            state.writes.append(events.map(\.kind))
        }
    }
    var writes: [[HistoryEventKind]] { state.withLock { $0.writes } }
    func statements(in script: String) async throws -> [SQLStatement] { SQLStatementSplitter.split(script) }

    func run(_ execution: ScriptExecution) async throws -> ScriptOutcome {
        try state.withLock { state in
            state.resuming.append(execution.resuming)
            var ran: [String] = []
            for statement in execution.statements where statement.index >= execution.firstStatement {
                if let failOn = state.failOn, statement.text.contains(failOn) {
                    if execution.atomicCompletion == nil { state.executed += ran }
                    throw StatementFailure(index: statement.index, text: statement.text, line: statement.startLine,
                                           message: "refused: \(failOn)", details: "{\"host\":\"ch-2\"}",
                                           rolledBack: execution.atomicCompletion != nil)
                }
                ran.append(statement.text)
            }
            state.executed += ran
            if let completion = execution.atomicCompletion {
                state.events.append(completion.makeEvent(.milliseconds(2)))
            }
        }
        return ScriptOutcome(duration: .milliseconds(2))
    }
}
