/// Fills in the `{cluster}` placeholder of migration SQL, so that one file works on a single
/// ClickHouse server and on a cluster. Pure.
///
/// The rules, applied to code only (never inside strings, quoted names, comments or
/// heredocs, where ClickHouse fills in its own macros such as `'{shard}'` and `'{replica}'`):
///
/// - **`ON CLUSTER {cluster}`** (any case, blanks or comments between the words) becomes
///   ``ON CLUSTER `name` `` on a cluster, and is removed on a single server, together with
///   the blanks before it. Line breaks inside what is removed stay, so that line numbers
///   in errors do not move.
/// - **`{cluster}` anywhere else** (for example `Distributed({cluster}, db, events_local)`)
///   becomes the name as a string literal (`'name'`) on a cluster; on a single server there
///   is nothing to name, so it is an error (``UnresolvedPlaceholder``).
/// - Only the exact text `{cluster}` is a placeholder.
///
/// The checksum of a migration is that of the file's text, never of the substituted text:
/// switching a database between single-server and cluster mode does not make applied
/// migrations look edited.
///
/// ```swift
/// let sql = "CREATE TABLE events ON CLUSTER {cluster} (id UInt64) ENGINE = MergeTree ORDER BY id"
/// try ClusterPlaceholder.substitute(in: sql, cluster: "analytics")
/// // CREATE TABLE events ON CLUSTER `analytics` (id UInt64) ENGINE = MergeTree ORDER BY id
/// try ClusterPlaceholder.substitute(in: sql, cluster: nil)
/// // CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id
/// ```
public enum ClusterPlaceholder {
    /// The placeholder as written in SQL.
    public static let text = "{cluster}"

    /// A `{cluster}` outside `ON CLUSTER {cluster}` on a single server.
    public struct UnresolvedPlaceholder: Error, Sendable, Hashable {
        /// The 1-based line of the placeholder within the script.
        public var line: Int
    }

    /// Whether `name` can name a cluster: letters, digits, `_`, `-` and `.` (what a
    /// `<remote_servers>` element name may hold), not empty.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
    }

    /// Replaces the placeholders of `script`.
    ///
    /// - Parameters:
    ///   - script: a migration section (or any SQL).
    ///   - cluster: the cluster's name (checked with ``isValidName(_:)`` by the caller), or
    ///     `nil` on a single server.
    /// - Returns: the script with every placeholder resolved; the script itself when it has none.
    /// - Throws: ``UnresolvedPlaceholder`` for a `{cluster}` that is not part of
    ///   `ON CLUSTER {cluster}` when there is no cluster.
    public static func substitute(in script: String, cluster: String?) throws(UnresolvedPlaceholder) -> String {
        guard contains(script, text) else { return script }
        let bytes = Array(script.utf8)
        let tokens = Array(SQLScriptLexer(bytes))
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        for found in placeholders(in: tokens, bytes: bytes) {
            if let cluster {
                output += bytes[copied..<found.placeholder.lowerBound]
                output += Array((found.onCluster == nil ? "'\(cluster)'" : "`\(cluster)`").utf8)
                copied = found.placeholder.upperBound
            } else if let phrase = found.onCluster {
                output += bytes[copied..<phrase.lowerBound]
                output += bytes[phrase].filter { $0 == SQLByte.lineFeed }
                copied = found.placeholder.upperBound
            } else {
                throw UnresolvedPlaceholder(line: bytes[..<found.placeholder.lowerBound].count { $0 == SQLByte.lineFeed } + 1)
            }
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a statement names a cluster: `ON CLUSTER` followed by a name, in code.
    ///
    /// ```swift
    /// ClusterPlaceholder.targetsCluster("ALTER TABLE t ON CLUSTER `c` ADD COLUMN x UInt8")  // true
    /// ClusterPlaceholder.targetsCluster("SELECT 'ON CLUSTER c'")                           // false
    /// ```
    public static func targetsCluster(_ statement: String) -> Bool {
        guard contains(statement, "cluster", ignoringASCIICase: true) else { return false }
        let bytes = Array(statement.utf8)
        let words = SQLScriptLexer(bytes).filter { $0.kind == .code }.map { bytes[$0.range] }
        for index in words.indices.dropLast() where equalsIgnoringCase(words[index], "ON") {
            if equalsIgnoringCase(words[index + 1], "CLUSTER") { return true }
        }
        return false
    }

    /// Whether `text`'s bytes hold `word`'s (ASCII letters of `word` in either case when
    /// asked): a quick test before the lexer, run for every statement.
    static func contains(_ text: String, _ word: String, ignoringASCIICase: Bool = false) -> Bool {
        let pattern = Array(word.utf8)
        guard let first = pattern.first else { return true }
        func fold(_ byte: UInt8) -> UInt8 { ignoringASCIICase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let lowered = ignoringASCIICase ? pattern.map(fold) : pattern
        let start = fold(first)
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= lowered.count else { return false }
            var index = 0
            let last = bytes.count - lowered.count
            while index <= last {
                if fold(bytes[index]) == start {
                    var offset = 1
                    while offset < lowered.count, fold(bytes[index + offset]) == lowered[offset] { offset += 1 }
                    if offset == lowered.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// One placeholder: its bytes, and the whole `ON CLUSTER {cluster}` phrase (with the
    /// blanks before it) when it is part of one.
    private struct Found {
        var placeholder: Range<Int>
        var onCluster: Range<Int>?
    }

    private static func placeholders(in tokens: [SQLToken], bytes: [UInt8]) -> [Found] {
        var found: [Found] = []
        var index = 0
        while index + 2 < tokens.count {
            let open = tokens[index], word = tokens[index + 1], close = tokens[index + 2]
            guard open.kind == .code, word.kind == .code, close.kind == .code,
                  bytes[open.range].elementsEqual("{".utf8), bytes[word.range].elementsEqual("cluster".utf8),
                  bytes[close.range].elementsEqual("}".utf8) else {
                index += 1
                continue
            }
            let placeholder = open.range.lowerBound..<close.range.upperBound
            let phrase = phraseStart(before: index, in: tokens, bytes: bytes).map { $0..<placeholder.upperBound }
            found.append(Found(placeholder: placeholder, onCluster: phrase))
            index += 3
        }
        return found
    }

    /// Where `ON CLUSTER` before the token at `index` starts, including the blanks before
    /// `ON`; `nil` when the code before the placeholder is not `ON CLUSTER`.
    private static func phraseStart(before index: Int, in tokens: [SQLToken], bytes: [UInt8]) -> Int? {
        var expected = ["CLUSTER", "ON"]
        var cursor = index - 1
        var start: Int?
        while cursor >= 0, let word = expected.first {
            let token = tokens[cursor]
            switch token.kind {
            case .blank, .comment:
                break
            case .code where equalsIgnoringCase(bytes[token.range], word):
                expected.removeFirst()
                start = token.range.lowerBound
            default:
                return nil
            }
            cursor -= 1
        }
        guard expected.isEmpty, var start else { return nil }
        while cursor >= 0, tokens[cursor].kind == .blank {
            start = tokens[cursor].range.lowerBound
            cursor -= 1
        }
        return start
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: String) -> Bool {
        bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
    }
}
