import Foundation
import Testing
@testable import Strata

@Suite("UTC time text")
struct UTCTimeTests {
    static func foundation(_ date: Date, _ options: ISO8601DateFormatter.Options) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = options
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    @Test("writes what Foundation's ISO 8601 formatter writes, for random dates from 1900 to 2200 and the edges of days and leap years")
    func matchesFoundation() {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.001), Date(timeIntervalSince1970: 951_782_400),
                     Date(timeIntervalSince1970: 951_868_799.999), Date(timeIntervalSince1970: 4_107_542_400), Date(timeIntervalSince1970: -2_208_988_800)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let seconds = Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            dates.append(Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0...999, using: &generator)) / 1_000))
        }
        for date in dates {
            #expect(UTCTime.iso8601(date) == Self.foundation(date, [.withInternetDateTime, .withFractionalSeconds]), "\(date.timeIntervalSince1970)")
            #expect(UTCTime.dateTime(date) == String(Self.foundation(date, [.withInternetDateTime]).prefix(19)).replacingOccurrences(of: "T", with: " "))
        }
    }
}
