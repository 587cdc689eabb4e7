import Foundation
import Testing
@testable import Strata

@Suite("Migration lock decisions")
struct LockDecisionTests {
    let me = LockOwner(host: "ci-1", process: 10, id: "11111111-aaaa")
    let now = Date(timeIntervalSince1970: 2_000_000_000)

    func other(expiresIn seconds: Double?) -> LockOwner {
        LockOwner(host: "ci-2", process: 20, id: "22222222-bbbb", since: now - 30, expires: seconds.map { now + $0 })
    }

    func request(timeout: Duration = .seconds(10)) -> LockRequest {
        LockRequest(table: .default, owner: me, timeout: timeout, lease: .seconds(60))
    }

    @Test("claims a free lock, and counts a claim already made as acquired")
    func free() {
        var wait = LockWait(request: request())
        #expect(wait.next(holder: nil, now: now, waited: .zero) == .claim)
        #expect(wait.next(holder: me, now: now, waited: .seconds(1)) == .acquired)
    }

    @Test("waits for a live holder, announcing each holder once")
    func waits() {
        var wait = LockWait(request: request())
        #expect(wait.next(holder: other(expiresIn: 20), now: now, waited: .zero) == .wait(other(expiresIn: 20), announce: true))
        #expect(wait.next(holder: other(expiresIn: 20), now: now, waited: .seconds(1)) == .wait(other(expiresIn: 20), announce: false))
        let third = LockOwner(host: "ci-3", process: 30, id: "33333333", expires: now + 5)
        #expect(wait.next(holder: third, now: now, waited: .seconds(2)) == .wait(third, announce: true))
    }

    @Test("removes the lock of a holder whose lease expired; a lock without an expiry never expires")
    func expired() {
        var wait = LockWait(request: request())
        #expect(wait.next(holder: other(expiresIn: -1), now: now, waited: .zero) == .breakExpired(other(expiresIn: -1)))
        #expect(wait.next(holder: other(expiresIn: 0), now: now, waited: .zero) == .breakExpired(other(expiresIn: 0)))
        #expect(wait.next(holder: other(expiresIn: nil), now: now, waited: .zero) == .wait(other(expiresIn: nil), announce: true))
    }

    @Test("gives up after the timeout with an error naming the holder, its lease, and strata unlock")
    func givesUp() throws {
        var wait = LockWait(request: request(timeout: .seconds(5)))
        guard case .giveUp(let error) = wait.next(holder: other(expiresIn: 40), now: now, waited: .seconds(5)) else {
            Issue.record("expected to give up")
            return
        }
        #expect(error.code == .databaseLocked)
        #expect(error.message.contains("ci-2 pid 20 (run 22222222-bbbb)"))
        #expect(error.message.contains("since 2033-05-18 03:32:50 UTC"))
        #expect(error.message.contains("until 2033-05-18 03:34:00 UTC"))
        #expect(error.remedy?.contains("strata unlock --owner 22222222-bbbb") == true)
        #expect(error.remedy?.contains("--lock-timeout") == true)
    }

    @Test("pauses a quarter second at first, growing to a second, with at most a quarter more as jitter")
    func pauses() {
        #expect(LockWait.pause(attempt: 0, jitter: 0) == .milliseconds(250))
        #expect(LockWait.pause(attempt: 1, jitter: 0) == .milliseconds(500))
        #expect(LockWait.pause(attempt: 9, jitter: 0) == .milliseconds(1000))
        #expect(LockWait.pause(attempt: 9, jitter: 1) == .milliseconds(1250))
    }

    @Test("unlock removes only the holder it was told about, or an expired one with --force")
    func unlockTarget() throws {
        let live = other(expiresIn: 30)
        #expect(try Migrator.unlockTarget(holder: live, confirmation: .owner("22222222-bbbb"), now: now) == live)
        #expect(try Migrator.unlockTarget(holder: live, confirmation: .owner("22222222"), now: now) == live, "a prefix of 8 is enough")
        #expect(throws: StrataError.self) { try Migrator.unlockTarget(holder: live, confirmation: .owner("2222"), now: now) }
        #expect(throws: StrataError.self) { try Migrator.unlockTarget(holder: live, confirmation: .owner("33333333"), now: now) }
        let error = #expect(throws: StrataError.self) { try Migrator.unlockTarget(holder: live, confirmation: .expired, now: now) }
        #expect(error?.code == .databaseLocked)
        #expect(error?.remedy?.contains("--owner 22222222-bbbb") == true)
        let stale = other(expiresIn: -5)
        #expect(try Migrator.unlockTarget(holder: stale, confirmation: .expired, now: now) == stale)
        #expect(throws: StrataError.self) { try Migrator.unlockTarget(holder: nil, confirmation: .expired, now: now) }
    }
}
