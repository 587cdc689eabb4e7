import Foundation
import Strata

/// What a run of `ON CLUSTER` statements did on each host, as the JSON that history keeps in
/// `details` (``ScriptOutcome/details``, ``StatementFailure/details``). Pure.
///
/// ```json
/// {"failed": {"hosts": [{"host": "127.0.0.1", "port": 9001}], "remaining": 1, "sha256": "...",
///             "statement": 2, "task": "/clickhouse/task_queue/ddl/query-0000000008"},
///  "on_cluster": [{"hosts": [...], "sha256": "...", "statement": 1}]}
/// ```
///
/// A host without `status` did not finish. The `sha256` of the statement's text lets a
/// resumed run tell whether the failed statement is still the one that was queued.
struct ClusterRunDetails: Sendable, Hashable, Codable {
    /// One `ON CLUSTER` statement's outcome.
    struct Statement: Sendable, Hashable, Codable {
        var statement: Int
        var sha256: String
        var task: String?
        var hosts: [DistributedDDLOutcome.Host]
        var remaining: Int?
        /// Set when a resumed run found that the queued statement had run everywhere, and did not send it again.
        var completedByQueuedTask: Bool?

        init(statement: Int, text: String, outcome: DistributedDDLOutcome, completedByQueuedTask: Bool? = nil) {
            self.statement = statement
            self.sha256 = Checksum(of: text).hex
            self.task = outcome.task
            self.hosts = outcome.hosts
            self.remaining = outcome.remaining
            self.completedByQueuedTask = completedByQueuedTask
        }

        var outcome: DistributedDDLOutcome { DistributedDDLOutcome(task: task, hosts: hosts, remaining: remaining) }

        enum CodingKeys: String, CodingKey {
            case statement, sha256, task, hosts, remaining
            case completedByQueuedTask = "completed_by_queued_task"
        }
    }

    /// The `ON CLUSTER` statements that completed, in order.
    var onCluster: [Statement] = []
    /// The statement that failed, when one did.
    var failed: Statement?

    enum CodingKeys: String, CodingKey {
        case onCluster = "on_cluster"
        case failed
    }

    /// The JSON text, keys sorted; `nil` when there is nothing to say.
    var json: String? {
        guard !onCluster.isEmpty || failed != nil else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads details written by ``json``; `nil` for anything else.
    init?(json: String?) {
        guard let json, let value = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = value
    }

    init(onCluster: [Statement] = [], failed: Statement? = nil) {
        self.onCluster = onCluster
        self.failed = failed
    }

    /// The statement of a failed run that is still queued for some hosts and that a resumed
    /// run should finish instead of sending again: the same text (`text`), a known task,
    /// and hosts that had not finished.
    func queuedFailure(index: Int, text: String) -> Statement? {
        guard let failed, failed.statement == index, failed.task != nil, failed.sha256 == Checksum(of: text).hex,
              !failed.outcome.unfinishedHosts.isEmpty || (failed.remaining ?? 0) > 0 else { return nil }
        return failed
    }
}
