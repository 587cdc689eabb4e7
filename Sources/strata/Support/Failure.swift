import ArgumentParser
import Strata

/// Runs a command's work, printing any error to standard error with the exit code that
/// belongs to it.
func reportingFailures(_ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let error as StrataError {
        Console.error("error: \(error)")
        throw StrataExitCode.of(error.code).exitCode
    } catch let error as EnsureError {
        Console.error("error: \(error)")
        throw StrataExitCode.wrongVersion.exitCode
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Console.error("error: \(error)")
        throw StrataExitCode.migrationFailed.exitCode
    }
}
