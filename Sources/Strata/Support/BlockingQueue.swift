import Dispatch

/// A serial thread for blocking calls (C libraries, file reads), so that they never occupy
/// the threads that run Swift's tasks (whose few threads must keep running other tasks).
/// Shared by the package's modules, not part of the library's API.
package final class BlockingQueue: Sendable {
    private let queue: DispatchQueue

    package init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `work` on the queue's thread and suspends until it returns.
    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
