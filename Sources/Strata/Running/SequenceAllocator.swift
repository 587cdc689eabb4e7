import Foundation

/// Hands out event sequence numbers: microseconds since 1970, strictly increasing after
/// the latest one in history, so that every event is unique and ordered even when the
/// clock stands still or steps back.
struct SequenceAllocator {
    private(set) var last: Int64

    init(after last: Int64?) {
        self.last = last ?? 0
    }

    mutating func next(at now: Date) -> Int64 {
        let micros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down))
        last = max(micros, last + 1)
        return last
    }
}
