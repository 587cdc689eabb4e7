import Foundation
import Strata

extension ClickHouseDriver {
    /// A scratch copy of a replicated table must not join the original's replicas: its
    /// `Replicated*MergeTree(path, replica, ...)` engine becomes `*MergeTree(...)`.
    public func scratchDefinition(of object: SchemaObject) -> String {
        ClickHouseScratchCopy.withoutReplication(object.definition)
    }
}

/// Rewrites definitions for scratch copies. Pure.
enum ClickHouseScratchCopy {
    /// `ENGINE = ReplicatedReplacingMergeTree('/p', '{replica}', ver)` becomes
    /// `ENGINE = ReplacingMergeTree(ver)`; other text is returned unchanged.
    static func withoutReplication(_ definition: String) -> String {
        guard let engine = definition.range(of: "ENGINE = Replicated") else { return definition }
        let nameStart = engine.upperBound
        guard let open = definition[nameStart...].firstIndex(of: "("),
              definition[nameStart..<open].allSatisfy({ $0.isLetter }),
              definition[nameStart..<open].hasSuffix("MergeTree") else { return definition }
        // Split the arguments at top-level commas, respecting quotes and parentheses.
        var depth = 0
        var quote: Character?
        var escaped = false
        var arguments: [String] = []
        var current = ""
        var close: String.Index?
        var index = definition.index(after: open)
        while index < definition.endIndex {
            let character = definition[index]
            if let open = quote {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
            } else if character == "'" || character == "`" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == "(" {
                depth += 1
                current.append(character)
            } else if character == ")" {
                if depth == 0 { close = index; break }
                depth -= 1
                current.append(character)
            } else if character == ",", depth == 0 {
                arguments.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index = definition.index(after: index)
        }
        guard let close else { return definition }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty || !arguments.isEmpty { arguments.append(current) }
        // Replicated engines take the coordination path and replica name first, when given.
        let kept = arguments.count >= 2 && arguments[0].trimmingCharacters(in: .whitespaces).hasPrefix("'")
            ? Array(arguments.dropFirst(2)) : arguments
        let name = String(definition[nameStart..<open])
        let rewritten = name + "(" + kept.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ") + ")"
        return String(definition[..<definition.index(engine.upperBound, offsetBy: -"Replicated".count)]) + rewritten
            + String(definition[definition.index(after: close)...])
    }
}
