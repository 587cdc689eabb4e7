import Foundation

/// The file `strata new NAME` writes: its name and its text. Pure.
public enum MigrationScaffold {
    /// The name of the next migration file.
    ///
    /// Versions continue the folder's style: when the latest version looks like a
    /// timestamp (12 or more digits), the new one is the current UTC time as
    /// `yyyyMMddHHmmss` (or one more than the latest, if that is later); otherwise it is the
    /// latest plus one, zero-padded to the width the folder uses (three digits in a new folder).
    ///
    /// Only the names of the existing files are read, so a folder whose newest file is
    /// still an unfinished template gets its next number all the same.
    ///
    /// - Parameters:
    ///   - name: what the migration does, in any case and spacing.
    ///   - existingFiles: the names of the files in the migrations folder.
    /// - Throws: ``StrataError/Code/invalidArgument`` when the name has nothing usable.
    public static func fileName(
        for name: String, existingFiles: [String], engine: DatabaseEngine?, now: Date
    ) throws(StrataError) -> String {
        let snake = snakeCase(name)
        guard !snake.isEmpty else {
            throw StrataError(.invalidArgument, "'\(name)' has no letters or digits to name a migration with.",
                              remedy: "Describe the change in a few words, e.g. `strata new add_symbol_index`.")
        }
        let parsed = existingFiles.compactMap { file in (try? MigrationFileName.parse(file)).map { (file: file, version: $0.version) } }
        let latest = parsed.max { $0.version < $1.version }
        let digits = latest.map { versionDigits(of: $0.file) } ?? "000"
        let version: String
        if digits.count >= 12 {
            let stamp = timestamp(now)
            let next = max(Int64(stamp) ?? 0, (latest?.version.value ?? 0) + 1)
            version = String(next)
        } else {
            let next = (latest?.version.value ?? 0) + 1
            let text = String(next)
            version = String(repeating: "0", count: max(0, digits.count - text.count)) + text
        }
        guard MigrationVersion(digits: version) != nil else {
            throw StrataError(.invalidArgument,
                              "The next version after \(latest?.version.description ?? "0") would be \(version), more than the 18 digits a version may have.",
                              remedy: "Number the new migration by hand with a version between the existing ones, or renumber the folder's unapplied migrations.")
        }
        let suffix = engine.map { ".\($0.rawValue)" } ?? ""
        let fileName = "\(version)_\(snake)\(suffix).sql"
        guard fileName.utf8.count <= maximumFileNameBytes else {
            throw StrataError(.invalidArgument,
                              "The name is too long for a file name: \(fileName.utf8.count) bytes, where file systems allow \(maximumFileNameBytes).",
                              remedy: "Describe the change in fewer words (the description line inside the file can say more).")
        }
        return fileName
    }

    /// The longest file name most file systems take, in bytes.
    public static let maximumFileNameBytes = 255

    /// The text of a new migration file.
    public static func template(name: String) -> String {
        let words = snakeCase(name).replacingOccurrences(of: "_", with: " ")
        return """
            -- description: \(words.prefix(1).uppercased() + words.dropFirst())
            -- migrate:up


            -- migrate:down


            """
    }

    /// `Add Symbol-Index` becomes `add_symbol_index`.
    public static func snakeCase(_ name: String) -> String {
        var result = ""
        var pendingUnderscore = false
        for character in name {
            if character.isASCII, character.isLetter || character.isNumber {
                if pendingUnderscore, !result.isEmpty { result.append("_") }
                result.append(Character(character.lowercased()))
                pendingUnderscore = false
            } else {
                pendingUnderscore = true
            }
        }
        return result
    }

    private static func versionDigits(of fileName: String) -> String {
        String(fileName.prefix(while: \.isNumber))
    }

    private static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2)
    }
}
