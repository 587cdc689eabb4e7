import Foundation
import Testing
@testable import Strata
@testable import StrataDuckDB

@Suite("Lent thread")
struct LentThreadTests {
    /// Lends a new thread (standing in for a program's main thread, which a test must not
    /// block) to `body`; returns what `body` returned and which thread was lent.
    func lendingNewThread<T: Sendable>(
        _ body: @escaping @Sendable (LentThread) async throws -> T
    ) async throws -> (value: T, lender: pthread_t) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let lender = pthread_self()
                do {
                    continuation.resume(returning: (try LentThread.lendCurrentThread(to: body), lender))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    /// Counts the calls running at once, and records the threads they ran on.
    final class CallLog: @unchecked Sendable {
        // @unchecked Sendable: every property is guarded by `lock`.
        private let lock = NSLock()
        private var running = 0
        private(set) var mostAtOnce = 0
        private(set) var threads: [pthread_t] = []

        func call() {
            lock.withLock {
                running += 1
                mostAtOnce = max(mostAtOnce, running)
                threads.append(pthread_self())
            }
            usleep(2_000)
            lock.withLock { running -= 1 }
        }
    }

    @Test("runs the calls of the body's tasks on the lending thread, one at a time, and returns the body's value")
    func callsRunOnTheLender() async throws {
        let log = CallLog()
        let (value, lender) = try await lendingNewThread { thread in
            let queue = BlockingQueue(label: "test", lent: thread)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask { _ = try? await queue.run { log.call() } }
                }
            }
            return "done"
        }
        #expect(value == "done")
        #expect(log.threads.count == 12)
        #expect(log.threads.allSatisfy { pthread_equal($0, lender) != 0 })
        #expect(log.mostAtOnce == 1)
    }

    @Test("without a lent thread, a queue's calls run on a thread of their own")
    func ownThread() async throws {
        let (ranOn, lender) = try await lendingNewThread { _ in
            try await BlockingQueue(label: "test").run { pthread_self() }
        }
        #expect(pthread_equal(ranOn, lender) == 0)
    }

    @Test("rethrows the error the body throws")
    func bodyError() async throws {
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused()) {
            _ = try await lendingNewThread { _ -> Int in throw Refused() }
        }
    }

    @Test("still runs a call submitted after the loan ended (on a thread of its own)", .timeLimit(.minutes(1)))
    func afterTheLoan() async throws {
        // The lending thread has ended by now, so its id may be reused: only that the call
        // runs (rather than waiting forever for a thread that no longer serves) is checked.
        let (thread, _) = try await lendingNewThread { $0 }
        let value = try await BlockingQueue(label: "test", lent: thread).run { 42 }
        #expect(value == 42)
    }

    @Test("a DuckDB database opened with a lent thread runs its connections' calls there")
    func duckDBOnTheLentThread() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lent-\(UUID().uuidString).duckdb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ranOn, lender) = try await lendingNewThread { thread in
            try await DuckDBDatabase.withDatabase(path: path, options: DuckDBOpenOptions(thread: thread)) { database in
                let first = try await database.withConnection { connection in
                    try await connection.withSession { session in
                        try session.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42)")
                        return pthread_self()
                    }
                }
                let second = try await database.withConnection { connection in
                    try await connection.withSession { session in
                        (try session.query("SELECT x FROM t").rows, pthread_self())
                    }
                }
                #expect(second.0 == [[.int(42)]])
                return [first, second.1]
            }
        }
        #expect(ranOn.count == 2)
        #expect(ranOn.allSatisfy { pthread_equal($0, lender) != 0 })
    }
}
