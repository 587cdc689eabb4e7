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

    /// Compares an expected schema (e.g. the committed file) with an actual one.
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
                differences.append(SchemaDifference(change: .changed, kind: key.kind, name: key.name,
                                                    lines: lineDiff(old.definition, new.definition)))
            default:
                continue
            }
        }
        return differences
    }

    public var description: String {
        ([String("\(kind.rawValue) \(name) \(change.rawValue)")] + lines.map { "  \($0)" }).joined(separator: "\n")
    }

    private static func lines(_ text: String, _ prefix: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(prefix) \($0)" }
    }

    /// A line diff (longest common subsequence) showing only changed lines.
    static func lineDiff(_ old: String, _ new: String) -> [String] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1; j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                result.append("+ \(b[j])"); j += 1
            } else {
                result.append("- \(a[i])"); i += 1
            }
        }
        return result
    }
}

private func < (lhs: (Int, String), rhs: (Int, String)) -> Bool {
    lhs.0 != rhs.0 ? lhs.0 < rhs.0 : lhs.1 < rhs.1
}
