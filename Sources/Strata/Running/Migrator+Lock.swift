import Foundation

/// How `strata unlock` (``Migrator/unlock(_:)``) confirms which lock it removes.
public enum UnlockConfirmation: Sendable, Hashable {
    /// The holder's run id, as `strata unlock` shows it and as the error of a runner that
    /// gave up names it (the whole id, or its first 8 characters or more).
    case owner(String)
    /// Whoever holds it, but only when its lease has expired (nobody renews it).
    case expired
}

extension Migrator {
    /// Who holds the migration lock, if anyone. Reads only.
    public func lockHolder() async throws -> LockOwner? {
        try await driver.lockHolder(table)
    }

    /// Removes a lock left by a runner that is gone, after confirming it is that runner's.
    ///
    /// - Parameter confirmation: the holder's run id, or ``UnlockConfirmation/expired``.
    /// - Returns: the holder whose lock was removed.
    /// - Throws: ``StrataError`` when nobody holds the lock, when the holder is not the one
    ///   confirmed, or (with ``UnlockConfirmation/expired``) when its lease is still live.
    @discardableResult
    public func unlock(_ confirmation: UnlockConfirmation) async throws -> LockOwner {
        let holder = try await driver.lockHolder(table)
        let target = try Self.unlockTarget(holder: holder, confirmation: confirmation, now: configuration.clock())
        try await driver.breakLock(table, heldBy: target)
        return target
    }

    /// Which holder to remove, or why not. Pure.
    static func unlockTarget(holder: LockOwner?, confirmation: UnlockConfirmation, now: Date) throws(StrataError) -> LockOwner {
        guard let holder else {
            throw StrataError(.invalidArgument, "No runner holds the migration lock; there is nothing to remove.")
        }
        switch confirmation {
        case .owner(let id):
            let given = id.trimmingCharacters(in: .whitespaces).lowercased()
            guard given.count >= 8, holder.id.lowercased().hasPrefix(given) else {
                throw StrataError(
                    .invalidArgument,
                    "The migration lock is held by run \(holder.id) (\(holder.host) pid \(holder.process)), not by '\(id)'.",
                    remedy: "Check who holds it with `strata unlock`, and pass that run's id (at least its first 8 characters) to --owner.")
            }
        case .expired:
            guard holder.isExpired(at: now) else {
                let until = holder.expires.map { " until \(LockOwner.timeText($0))" } ?? ""
                throw StrataError(
                    .databaseLocked,
                    "The migration lock of \(holder.host) pid \(holder.process) (run \(holder.id)) is live: its lease runs\(until), so that runner may still be working.",
                    remedy: "Wait for it. If you know that runner is gone, remove its lock with `strata unlock --owner \(holder.id)`.")
            }
        }
        return holder
    }
}
