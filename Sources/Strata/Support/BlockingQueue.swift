import Dispatch

/// A serial thread for blocking calls (C libraries, file reads), so that they never occupy
/// the threads that run Swift's tasks (whose few threads must keep running other tasks):
/// a thread of its own, or a ``LentThread``.
/// Shared by the package's modules, not part of the library's API.
package final class BlockingQueue: Sendable {
    private enum Thread {
        case own(DispatchQueue)
        case lent(LentThread)
    }

    private let thread: Thread

    /// A thread of its own, or `lent` when given.
    package init(label: String, lent: LentThread? = nil) {
        thread = lent.map(Thread.lent) ?? .own(DispatchQueue(label: label))
    }

    /// Runs `work` on the queue's thread and suspends until it returns.
    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: @Sendable () -> Void = { continuation.resume(with: Result { try work() }) }
            switch thread {
            case .own(let queue): queue.async(execute: job)
            case .lent(let lent): lent.submit(job)
            }
        }
    }
}
