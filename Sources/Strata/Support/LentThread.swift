import Dispatch
import Foundation

/// A thread a program lends to run blocking calls (DuckDB's C API) while it waits for its
/// tasks: in practice the main thread of a command-line program.
///
/// By default each DuckDB database and connection gets a serial thread of its own. That is
/// right for an application whose main thread has work of its own. A command-line program's
/// main thread only waits; lending it is cheaper, because glibc's allocator serves the main
/// thread from its main arena (grown a stretch at a time with `brk`) and every other thread
/// from an arena grown a page at a time with `mprotect`. Opening a DuckDB file whose catalog
/// holds thousands of tables allocates so often that, on a thread of its own, it makes about
/// 7,000 `mprotect` calls, 10 to 15% of the open (measured here: `strata status` on 1,000
/// applied migrations).
///
/// ```swift
/// @main enum Tool {
///     static func main() throws {
///         try LentThread.lendCurrentThread { thread in
///             var options = DuckDBOpenOptions()
///             options.thread = thread
///             try await DuckDBDatabase.withDatabase(path: "app.duckdb", options: options) { _ in }
///         }
///     }
/// }
/// ```
///
/// Calls run one at a time, in the order they are submitted, so every database and
/// connection using the thread is serial with the others.
public final class LentThread: Sendable, Hashable {
    private let condition = NSCondition()
    // Guarded by `condition`; `nonisolated(unsafe)` because NSCondition is not visible to
    // the compiler as the lock it is.
    nonisolated(unsafe) private var jobs: [@Sendable () -> Void] = []
    nonisolated(unsafe) private var serving = true
    /// Takes the calls submitted after the loan ended (a database kept past its scope).
    private let afterLoan = DispatchQueue(label: "strata.lent-thread.after-loan")

    private init() {}

    /// Runs `body` as a task and lends it the calling thread until it returns: calls
    /// submitted to the thread run here, on the caller's thread, one at a time.
    ///
    /// Blocks the calling thread: call it from a thread that has nothing else to do (the
    /// main thread of a command-line program), never from a task.
    ///
    /// - Returns: what `body` returns.
    public static func lendCurrentThread<T: Sendable>(to body: @escaping @Sendable (LentThread) async -> T) -> T {
        let thread = LentThread()
        let result = ResultBox<T>()
        Task.detached {
            result.value = await body(thread)
            thread.endLoan()
        }
        thread.serve()
        // `endLoan` took the condition's lock after setting `value`, and `serve` took it
        // before returning: the value is visible here.
        return result.value!
    }

    /// ``lendCurrentThread(to:)`` for a `body` that throws: rethrows its error.
    public static func lendCurrentThread<T: Sendable>(to body: @escaping @Sendable (LentThread) async throws -> T) throws -> T {
        try lendCurrentThread { thread -> Result<T, any Error> in
            do { return .success(try await body(thread)) } catch { return .failure(error) }
        }.get()
    }

    /// Runs `job` on the lent thread, after the jobs submitted before it; once the loan has
    /// ended, on a serial thread of its own.
    package func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        guard serving else {
            condition.unlock()
            afterLoan.async(execute: job)
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty && serving { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            let ended = !serving
            condition.unlock()
            for job in batch { job() }
            if ended && batch.isEmpty { return }
        }
    }

    private func endLoan() {
        condition.lock()
        serving = false
        condition.signal()
        condition.unlock()
    }

    public static func == (lhs: LentThread, rhs: LentThread) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// The value of the lent thread's task, written once by the task and read by the lending
/// thread after the task ended the loan.
private final class ResultBox<T>: @unchecked Sendable {
    // @unchecked Sendable: written once by the task before `endLoan` (which takes the
    // thread's lock) and read once by the lending thread after `serve` returned.
    var value: T?
}
