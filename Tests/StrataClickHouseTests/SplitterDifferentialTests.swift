import Foundation
import Strata
import StrataClickHouse
import StrataTestSupport
import Testing

/// Strata's splitter against ClickHouse 26.9's own lexer: thousands of generated scripts, dense
/// in quotes, comments (`--`, `//`, `# `, `#!`, nested `/* */`), heredocs, escapes, Unicode,
/// NUL bytes and empty statements, must be cut where the engine cuts them.
///
/// The engine's reading comes from `normalizeQuery`, which runs the very lexer the server
/// parses a request with and prints its tokens without comments, literals as `?`: every `;`
/// left outside quoted names ends a statement. Strata's statements, each normalised the same
/// way, must give the same statements, and none may hold a `;` of its own. Every twentieth
/// script's statements are also sent one per request, as Strata sends them, and must run.
///
/// (clickhouse-local's multi-statement mode is no oracle: it runs `SELECT 1; /* a /* b */ ; x */
/// SELECT 2` as four statements, three of them `SELECT 1`; a server is sent one statement per
/// request and never reads a script that way.)
///
/// Seeded; a failure prints the seed and the script. `STRATA_DIFF_SEED=N` replays a run,
/// `STRATA_DIFF_CASES=N` runs more or fewer cases (5,000 by default).
@Suite("Splitter against ClickHouse 26.9's lexer")
struct SplitterDifferentialTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["STRATA_DIFF_SEED"].flatMap { UInt64($0) } ?? 0x5311_7E4
    static let cases = ProcessInfo.processInfo.environment["STRATA_DIFF_CASES"].flatMap { Int($0) } ?? 5_000
    static let batch = 40

    @Test("cuts generated scripts where the engine cuts them")
    func generatedScripts() async throws {
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let syntax = try await client.serverVersion().sqlSyntax
                var generator = SplitterScriptGenerator(seed: Self.seed)
                var failures = 0
                var compared = 0
                for start in stride(from: 0, to: Self.cases, by: Self.batch) where failures < 5 {
                    let scripts = (start..<min(start + Self.batch, Self.cases)).map { _ in generator.script() }
                    let problems = try await Self.compare(scripts.map(\.text), syntax: syntax, client: client,
                                                          runEach: start % (Self.batch * 20) == 0)
                    for (offset, problem) in problems where failures < 5 {
                        failures += 1
                        Issue.record("STRATA_DIFF_SEED=\(Self.seed) case \(start + offset): \(problem)\nscript: \(String(reflecting: scripts[offset].text))")
                    }
                    compared += scripts.count
                }
                #expect(compared == Self.cases || failures > 0)
            }
        }
    }

    @Test("cuts the golden splitter scripts where the engine cuts them")
    func goldenScripts() async throws {
        let folder = TestClickHouse.repositoryRoot.appendingPathComponent("Tests/StrataTests/Golden/splitter")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        try #require(names.count >= 10)
        let scripts = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        try await TestModernClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let syntax = try await client.serverVersion().sqlSyntax
                // A script that leaves a quote or comment open is refused by Strata before anything
                // runs, where the engine would read a broken statement: a difference on purpose.
                for (offset, problem) in try await Self.compare(scripts, syntax: syntax, client: client, runEach: false, unclosedIsRefused: true) {
                    Issue.record("\(names[offset]): \(problem)")
                }
            }
        }
    }

    /// Compares Strata's statements of each script with the engine's reading; returns the
    /// problems by the script's index.
    static func compare(
        _ scripts: [String], syntax: SQLSyntax, client: ClickHouseClient, runEach: Bool, unclosedIsRefused: Bool = false
    ) async throws -> [(Int, String)] {
        let split = scripts.map { SQLStatementSplitter.split($0, syntax: syntax) }
        let engine = try await normalised(scripts, client: client)
        let pieces = try await normalised(split.flatMap { $0.map(\.text) }, client: client)
        var problems: [(Int, String)] = []
        var next = 0
        for (index, statements) in split.enumerated() {
            let mine = Array(pieces[next..<next + statements.count])
            next += statements.count
            let theirs = Self.statements(in: engine[index])
            if let open = statements.last?.unterminated {
                if unclosedIsRefused { continue }
                problems.append((index, "Strata left \(open) open; the engine reads \(theirs)"))
            } else if let joined = mine.firstIndex(where: { Self.statements(in: $0).count != 1 }) {
                problems.append((index, "Strata's statement \(joined + 1) holds more than one statement to the engine: \(mine[joined])"))
            } else if mine.map(Self.squeezed) != theirs.map(Self.squeezed) {
                problems.append((index, "Strata reads \(mine), the engine \(theirs)"))
            } else if runEach {
                for statement in statements {
                    let alone = try await client.response(to: statement.text, format: "JSONCompactEachRow")
                    if let error = alone.serverError {
                        problems.append((index, "statement \(statement.index), sent alone, is refused: \(error.message)"))
                        break
                    }
                }
            }
        }
        return problems
    }

    /// The engine's `normalizeQuery` of each text, in one request.
    static func normalised(_ texts: [String], client: ClickHouseClient) async throws -> [String] {
        guard !texts.isEmpty else { return [] }
        let array = "[" + texts.map(ClickHouseLiteral.string).joined(separator: ", ") + "]"
        let rows = try await client.query("SELECT arrayMap(x -> normalizeQuery(x), \(array))")
        guard case .array(let values)? = rows.scalar else { throw StrataError(.databaseError, "normalizeQuery gave no array") }
        return values.map { $0.string ?? "" }
    }

    /// A normalised text cut at each `;` outside quoted names (nothing else is left in it that
    /// could hold one), without the empty statements.
    static func statements(in normalised: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in normalised {
            if let open = quote {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
                continue
            }
            if character == ";" {
                result.append(current)
                current = ""
            } else {
                if character == "`" || character == "\"" { quote = character }
                current.append(character)
            }
        }
        result.append(current)
        return result.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Without blanks: `normalizeQuery` keeps the spacing of the text it reads.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
