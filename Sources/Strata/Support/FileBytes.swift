#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole files read straight into bytes: `open`, `fstat`, and `read` into an array of the
/// file's size, without Foundation's `Data` in between (a folder of 10,000 migrations is
/// read on every command).
enum FileBytes {
    enum Outcome {
        case file
        case directory
        /// Cannot be opened or read; `errno`'s description.
        case unreadable(String)
    }

    /// Reads the file at `path` into `bytes`, replacing what it held but keeping its
    /// capacity: a folder is read into one buffer, not one new array per file.
    static func contents(of path: String, into bytes: inout [UInt8]) -> Outcome {
        bytes.removeAll(keepingCapacity: true)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
        // The size is a hint: a file that grows or shrinks while it is read is read to its end.
        var capacity = max(Int(status.st_size), 0) + 1
        while true {
            let start = bytes.count
            var failure: Int32 = 0
            var got = start
            bytes.append(contentsOf: repeatElement(0, count: capacity - start))
            bytes.withUnsafeMutableBytes { buffer in
                while got < buffer.count {
                    let count = read(descriptor, buffer.baseAddress! + got, buffer.count - got)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if count == 0 { break }
                    got += count
                }
            }
            if failure != 0 { return .unreadable(String(cString: strerror(failure))) }
            if got < capacity {
                bytes.removeSubrange(got...)
                return .file
            }
            capacity *= 2
        }
    }
}
