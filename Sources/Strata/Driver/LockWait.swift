import Foundation

/// Decides, observation by observation, what a runner that wants the migration lock does
/// next. Pure: a driver looks at the lock, asks ``next(holder:now:waited:)``, and acts.
///
/// The rules:
/// - nobody holds the lock: claim it;
/// - this runner holds it (an earlier claim went through although its answer was lost): done;
/// - the holder's lease has expired (it stopped renewing: it died, or lost the database):
///   remove that holder's lock, and only that holder's, then claim;
/// - otherwise wait, announcing each new holder once, until `request.timeout` has passed;
///   then give up with an error that names the holder and the ways out.
///
/// ```swift
/// var wait = LockWait(request: request)
/// switch wait.next(holder: try await observeHolder(), now: Date(), waited: clock.now - start) {
/// case .claim: ...
/// case .wait(let holder, let announce): if announce { request.waiting(holder) }
/// ...
/// }
/// ```
public struct LockWait: Sendable {
    /// What to do next.
    public enum Step: Sendable, Hashable {
        /// Nobody holds the lock: try to take it.
        case claim
        /// The lock is this runner's.
        case acquired
        /// Another runner holds a live lease: wait. `announce` is true the first time this holder is seen.
        case wait(LockOwner, announce: Bool)
        /// The holder's lease expired: remove its lock (only if it still holds it), then claim.
        case breakExpired(LockOwner)
        /// Waited `request.timeout`: stop with this error.
        case giveUp(StrataError)
    }

    public let request: LockRequest
    private var announced: String?

    public init(request: LockRequest) {
        self.request = request
    }

    /// The next step.
    ///
    /// - Parameters:
    ///   - holder: who holds the lock now, `nil` for nobody; its `expires` on the same clock as `now`.
    ///   - now: the current time, for comparing with the lease's expiry.
    ///   - waited: how long this runner has been trying.
    public mutating func next(holder: LockOwner?, now: Date, waited: Duration) -> Step {
        guard let holder else { return .claim }
        if holder.id == request.owner.id { return .acquired }
        if let expires = holder.expires, expires <= now { return .breakExpired(holder) }
        if waited >= request.timeout { return .giveUp(LockWait.timedOut(holder: holder, waited: waited, now: now)) }
        defer { announced = holder.id }
        return .wait(holder, announce: announced != holder.id)
    }

    /// How long to sleep before looking again: a quarter of a second at first, growing to
    /// a second, with up to 25% jitter so that runners started together spread out.
    public static func pause(attempt: Int, jitter: Double) -> Duration {
        let base = min(250 * (1 << min(attempt, 2)), 1000)
        return .milliseconds(Int(Double(base) * (1 + 0.25 * min(max(jitter, 0), 1))))
    }

    /// The error for a runner that waited too long.
    static func timedOut(holder: LockOwner, waited: Duration, now: Date) -> StrataError {
        let seconds = Int(waited.components.seconds)
        let since = holder.since.map { " since \(LockOwner.timeText($0))" } ?? ""
        let expires = holder.expires.map { " Its lease runs until \(LockOwner.timeText($0)) unless renewed." } ?? ""
        return StrataError(
            .databaseLocked,
            "Gave up after \(seconds) s waiting for the migration lock, held by \(holder.host) pid \(holder.process) (run \(holder.id))\(since).\(expires)",
            remedy: "If that run is still working, let it finish and run the command again (or wait longer with --lock-timeout). If it is gone, its lock expires by itself; to remove it now, run `strata unlock --owner \(holder.id)`.")
    }
}

extension LockOwner {
    /// `2026-11-25 20:22:21 UTC`: how lock times are shown in messages.
    public static func timeText(_ date: Date) -> String {
        UTCTime.dateTime(date) + " UTC"
    }

    /// Whether the lease has run out at `now`.
    public func isExpired(at now: Date) -> Bool {
        expires.map { $0 <= now } ?? false
    }
}
