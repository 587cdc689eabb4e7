/// Recognises text in UTF-16 or UTF-32, which editors on some systems save by default, so
/// that a migration file in one is named as such rather than as bytes that are not UTF-8.
enum WideText {
    /// `UTF-16LE`, `UTF-16BE`, `UTF-32LE` or `UTF-32BE` when the bytes look like that encoding:
    /// its byte-order mark, or ASCII text whose every second (or fourth) byte is zero.
    static func encoding(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32LE" }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        let sample = bytes.prefix(256)
        guard sample.count >= 8 else { return nil }
        func zeroShare(at phase: Int, of stride: Int) -> Double {
            let picked = sample.indices.filter { $0 % stride == phase }
            return Double(picked.count(where: { sample[$0] == 0 })) / Double(picked.count)
        }
        if zeroShare(at: 1, of: 4) > 0.9, zeroShare(at: 2, of: 4) > 0.9, zeroShare(at: 3, of: 4) > 0.9 { return "UTF-32LE" }
        if zeroShare(at: 0, of: 4) > 0.9, zeroShare(at: 1, of: 4) > 0.9, zeroShare(at: 2, of: 4) > 0.9 { return "UTF-32BE" }
        if zeroShare(at: 1, of: 2) > 0.9, zeroShare(at: 0, of: 2) < 0.5 { return "UTF-16LE" }
        if zeroShare(at: 0, of: 2) > 0.9, zeroShare(at: 1, of: 2) < 0.5 { return "UTF-16BE" }
        return nil
    }
}
