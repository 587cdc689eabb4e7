import Synchronization

/// A request, from outside a run, to stop it at the next safe point.
///
/// A run never stops in the middle of a migration because of it: the migration under way
/// finishes and is recorded, then ``Migrator`` starts no further one and throws
/// ``StrataError/Code/interrupted``, saying what ran and what did not. A command line
/// requests a stop when its output can no longer be written or it gets SIGTERM; an
/// application, when it shuts down.
///
/// ```swift
/// let stop = StopSignal()
/// var configuration = MigratorConfiguration()
/// configuration.stopSignal = stop
/// // elsewhere, e.g. in a shutdown handler:
/// stop.request(reason: "the service is shutting down")
/// ```
public final class StopSignal: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    /// Asks the run to stop; the first reason given is kept.
    ///
    /// - Parameter reason: why, for the error the run ends with (e.g. "standard output was closed").
    public func request(reason: String) {
        state.withLock { current in
            if current == nil { current = reason }
        }
    }

    /// Why a stop was requested, or `nil` while none was.
    public var reason: String? { state.withLock { $0 } }
}
