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
    enum Contents {
        case file([UInt8])
        case directory
        /// Cannot be opened or read; `errno`'s description.
        case unreadable(String)
    }

    static func contents(of path: String) -> Contents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
        // The size is a hint: a file that grows or shrinks while it is read is read to its end.
        var bytes: [UInt8] = []
        var capacity = max(Int(status.st_size), 0) + 1
        while true {
            let start = bytes.count
            var failure: Int32 = 0
            bytes.append(contentsOf: repeatElement(0, count: capacity - start))
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                var filled = start
                while filled < buffer.count {
                    let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return filled
                    }
                    if count == 0 { break }
                    filled += count
                }
                return filled
            }
            if failure != 0 { return .unreadable(String(cString: strerror(failure))) }
            if got < capacity {
                bytes.removeSubrange(got...)
                return .file(bytes)
            }
            capacity *= 2
        }
    }
}
