import Foundation

/// What a failed event records beyond the error, in its `details` column (JSON):
/// the checksum of the statements that completed before the failure, so that a resumed run
/// can prove they are still the statements in the file (the failing statement itself may
/// be fixed in the file before resuming), and the driver's own detail (e.g. per-host results).
public struct FailureDetails: Sendable, Hashable {
    /// SHA-256 of the statements before the failed one (see ``completedChecksum(of:before:)``).
    public var completedStatements: Checksum?
    /// The driver's detail, as JSON text.
    public var driverDetails: String?

    public init(completedStatements: Checksum?, driverDetails: String?) {
        self.completedStatements = completedStatements
        self.driverDetails = driverDetails
    }

    /// The checksum of statements `1..<statement`: their texts joined by `;` and a newline.
    public static func completedChecksum(of statements: [SQLStatement], before statement: Int) -> Checksum {
        Checksum(of: statements.prefix(max(0, statement - 1)).map(\.text).joined(separator: ";\n"))
    }

    /// The JSON written to `details`.
    public var json: String {
        var object: [String: Any] = [:]
        if let completedStatements { object["completed_statements_sha256"] = completedStatements.hex }
        if let driverDetails {
            object["driver"] = (try? JSONSerialization.jsonObject(with: Data(driverDetails.utf8), options: [.fragmentsAllowed])) ?? driverDetails
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads `details`; anything unreadable gives empty details.
    public init(json: String?) {
        guard let json, let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            self.init(completedStatements: nil, driverDetails: nil)
            return
        }
        let checksum = (object["completed_statements_sha256"] as? String).map(Checksum.init(hex:))
        let driver = object["driver"].flatMap { value -> String? in
            guard JSONSerialization.isValidJSONObject(value),
                  let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return value as? String }
            return String(decoding: data, as: UTF8.self)
        }
        self.init(completedStatements: checksum, driverDetails: driver)
    }
}
