#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Strata
import Synchronization

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Where the command writes: results to standard output, diagnostics to standard error.
///
/// Output can fail, and a migration must not: a closed pipe (`strata up | head -1`), a full
/// disk (`> /dev/full`) or a reader that stops reading must never stop a migration half-way
/// or leave a lock held. So every line is handed to a writer thread of its stream and the
/// caller goes on at once; a write that fails marks the stream broken (its later lines are
/// dropped) and asks the run to stop after the migration under way (``stopSignal``), which
/// then ends with exit code 8. SIGPIPE is ignored, so a closed pipe is an error, not death.
enum Console {
    static func out(_ text: String) {
        standardOutput.write(text + "\n")
    }

    /// Writes `text` to standard output as it is, without adding a line break.
    static func outVerbatim(_ text: String) {
        standardOutput.write(text)
    }

    static func error(_ text: String) {
        standardError.write(text + "\n")
    }

    /// The stop every run of this process listens to: output that fails, and signals, request it.
    static let stopSignal = StopSignal()

    /// Whether some output could not be written.
    static var failed: Bool { standardOutput.failure != nil || standardError.failure != nil }

    private static let standardOutput = ConsoleStream(descriptor: 1, name: "standard output")
    private static let standardError = ConsoleStream(descriptor: 2, name: "standard error")

    /// Ignores SIGPIPE: a write to a closed pipe then fails with EPIPE instead of ending the process.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits until what was written has reached both streams, or `seconds` have passed
    /// (a reader that stopped reading must not keep the process alive).
    static func flush(within seconds: Int = 5) {
        let deadline = DispatchTime.now() + .seconds(seconds)
        standardOutput.flush(until: deadline)
        standardError.flush(until: deadline)
    }
}

/// One output stream, written by a thread of its own.
private final class ConsoleStream: Sendable {
    private let descriptor: Int32
    private let name: String
    private let queue: DispatchQueue
    private let broken = Mutex<String?>(nil)

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        queue = DispatchQueue(label: "strata.console.\(descriptor)")
    }

    /// Why the stream stopped taking output, if it did.
    var failure: String? { broken.withLock { $0 } }

    func write(_ text: String) {
        guard failure == nil else { return }
        queue.async { [self] in
            guard failure == nil else { return }
            if let problem = writeAll(Array(text.utf8)) {
                broken.withLock { $0 = problem }
                Console.stopSignal.request(reason: "\(name) could not be written (\(problem))")
            }
        }
    }

    func flush(until deadline: DispatchTime) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        _ = done.wait(timeout: deadline)
    }

    /// Writes every byte, or returns why it could not.
    private func writeAll(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        usleep(1_000)
                        continue
                    }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}
