/// How two schemas differ, object by object. Pure.
public struct SchemaDifference: Sendable, Hashable, CustomStringConvertible {
    public enum Change: String, Sendable, Hashable {
        /// Only in the actual schema.
        case added
        /// Only in the expected schema.
        case removed
        /// In both, defined differently.
        case changed
    }

    public var change: Change
    public var kind: SchemaObject.Kind
    public var name: String
    /// Lines only in the expected definition (prefixed `-`) and only in the actual one (`+`).
    public var lines: [String]

    /// Compares an expected schema (e.g. what the migrations produce) with an actual one (e.g. the
    /// committed file, or the live database).
    public static func compare(expected: SchemaSnapshot, actual: SchemaSnapshot) -> [SchemaDifference] {
        struct Key: Hashable { var kind: SchemaObject.Kind; var name: String }
        let before = Dictionary(expected.objects.map { (Key(kind: $0.kind, name: $0.name), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(actual.objects.map { (Key(kind: $0.kind, name: $0.name), $0) }, uniquingKeysWith: { a, _ in a })
        var differences: [SchemaDifference] = []
        for key in Set(before.keys).union(after.keys).sorted(by: { ($0.kind.order, $0.name) < ($1.kind.order, $1.name) }) {
            switch (before[key], after[key]) {
            case (let old?, nil):
                differences.append(SchemaDifference(change: .removed, kind: key.kind, name: key.name, lines: lines(old.definition, "-")))
            case (nil, let new?):
                differences.append(SchemaDifference(change: .added, kind: key.kind, name: key.name, lines: lines(new.definition, "+")))
            case (let old?, let new?) where old.definition != new.definition:
                let changed = lineDiff(old.definition, new.definition)
                differences.append(SchemaDifference(change: .changed, kind: key.kind, name: key.name,
                                                    lines: changed.isEmpty ? lines(old.definition, "-") + lines(new.definition, "+") : changed))
            default:
                continue
            }
        }
        return differences
    }

    /// The members (columns, constraints) of a changed definition that differ: the first
    /// word of each changed line indented inside the definition, e.g. `["volume"]` when
    /// a table gained that column. Empty for added and removed objects.
    public var members: [String] {
        guard change == .changed else { return [] }
        var names: [String] = []
        for line in lines where line.hasPrefix("+     ") || line.hasPrefix("-     ") {
            let body = line.dropFirst(6)
            guard let first = body.first, !first.isWhitespace, first != ")" else { continue }
            let word: Substring
            if first == "\"" || first == "`" {
                let end = body.dropFirst().firstIndex(of: first).map { body.index(after: $0) } ?? body.endIndex
                word = body[..<end]
            } else {
                word = body.prefix { !$0.isWhitespace && $0 != "," && $0 != "(" }
            }
            if !word.isEmpty, !names.contains(String(word)) { names.append(String(word)) }
        }
        return names
    }

    public var description: String {
        ([String("\(kind.rawValue) \(name) \(change.rawValue)")] + lines.map { "  \($0)" }).joined(separator: "\n")
    }

    private static func lines(_ text: String, _ prefix: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(prefix) \($0)" }
    }

    /// A line diff (longest common subsequence) showing only changed lines.
    ///
    /// Lines that differ only by a trailing comma count as equal, so that a column added
    /// at the end of a table shows as one `+` line, not as a changed line before it too.
    /// The lines both texts begin and end with are set aside first: the table the
    /// subsequence needs covers only the part between (a fix of one line in a file of a
    /// hundred thousand lines stays small).
    static func lineDiff(_ old: String, _ new: String) -> [String] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let keysA = a.map(comparisonKey), keysB = b.map(comparisonKey)
        var start = 0
        while start < a.count, start < b.count, keysA[start] == keysB[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, keysA[endA - 1] == keysB[endB - 1] { endA -= 1; endB -= 1 }
        let rows = endA - start, columns = endB - start
        var table = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                table[i][j] = keysA[start + i] == keysB[start + j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0, j = 0
        while i < rows || j < columns {
            if i < rows, j < columns, keysA[start + i] == keysB[start + j] {
                i += 1; j += 1
            } else if i < rows, j == columns || table[i + 1][j] >= table[i][j + 1] {
                result.append("- \(a[start + i])"); i += 1
            } else {
                result.append("+ \(b[start + j])"); j += 1
            }
        }
        return result
    }

    private static func comparisonKey(_ line: String) -> Substring {
        line.hasSuffix(",") ? line.dropLast() : Substring(line)
    }
}

private func < (lhs: (Int, String), rhs: (Int, String)) -> Bool {
    lhs.0 != rhs.0 ? lhs.0 < rhs.0 : lhs.1 < rhs.1
}
