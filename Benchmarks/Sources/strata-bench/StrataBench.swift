import Foundation
import Strata
import StrataBenchSupport
import StrataDuckDB

// Helpers for scripts/bench.sh.
//
//   strata-bench generate COUNT DIR [duckdb|clickhouse]
//       writes migrations 1...COUNT of the benchmark shape into DIR
//   strata-bench phases DIR DATABASE [status|up] [REPEAT]
//       times, phase by phase and in one process, what `strata status` (read-only open)
//       or `strata up` with nothing pending (read-write open) does, REPEAT times, and
//       prints the median of each phase in milliseconds
//   strata-bench ensure DIR DATABASE [REPEAT]
//       times Migrator.ensure on the open DATABASE (all of DIR applied), REPEAT times, and
//       the query it sends; prints median and minimum in milliseconds
@main
enum StrataBench {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "generate" where arguments.count >= 3:
                guard let count = Int(arguments[1]), count > 0 else { usage() }
                let dialect = arguments.count > 3 ? MigrationFolder.Dialect(rawValue: arguments[3]) : .duckdb
                guard let dialect else { usage() }
                try MigrationFolder.write(count: count, dialect: dialect, to: URL(fileURLWithPath: arguments[2]))
            case "phases" where arguments.count >= 3:
                let mode = arguments.count > 3 ? arguments[3] : "status"
                let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5
                guard mode == "status" || mode == "up" else { usage() }
                try await Phases.run(folder: URL(fileURLWithPath: arguments[1]), database: arguments[2],
                                     readOnly: mode == "status", repeats: repeats)
            case "ensure" where arguments.count >= 3:
                let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 200 : 200
                try await EnsureTiming.run(folder: URL(fileURLWithPath: arguments[1]), database: arguments[2], repeats: repeats)
            default:
                usage()
            }
        } catch {
            FileHandle.standardError.write(Data("strata-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: strata-bench generate COUNT DIR [duckdb|clickhouse]
                   strata-bench phases DIR DATABASE [status|up] [REPEAT]
                   strata-bench ensure DIR DATABASE [REPEAT]

            """.utf8))
        exit(2)
    }
}
