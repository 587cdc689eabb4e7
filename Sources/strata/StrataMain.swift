import NIOCore
import NIOPosix
import Strata

/// The process: sets up the threads, then runs ``StrataCommand``.
@main
enum StrataMain {
    static func main() {
        // Swift's tasks run on the event loops that carry ClickHouse's HTTP requests: each
        // request and its reply no longer hop between two pools of threads.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        // The main thread would only wait for the command: it runs DuckDB's calls instead
        // (glibc's main arena makes opening a large catalog 10-15% cheaper; see LentThread).
        LentThread.lendCurrentThread { thread in
            await DatabaseOpener.$duckDBThread.withValue(thread) {
                await StrataCommand.runCommandLine()
            }
        }
    }
}
