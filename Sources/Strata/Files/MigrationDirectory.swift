import Foundation

/// Reads a migrations folder from disk.
///
/// This is the only part of file handling that does I/O: it lists the folder, reads the
/// `.sql` files and hands their bytes to ``MigrationFileParser``. Files that do not end in
/// `.sql` (a README, notes) and hidden files are left alone; sub-folders are not read.
public enum MigrationDirectory {
    /// Loads and checks every migration in `directory`.
    ///
    /// - Throws: ``StrataError`` for a missing folder, an unreadable or malformed file, or
    ///   clashing versions; the first problem in file-name order.
    public static func load(from directory: URL) throws(StrataError) -> MigrationSet {
        let path = directory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StrataError(.unreadableFile, "The migrations folder \(path) does not exist.",
                              remedy: "Create it (`strata new NAME` does), or point --dir at the folder that holds the migrations.")
        }
        guard isDirectory.boolValue else {
            throw StrataError(.unreadableFile, "\(path) is a file, not a folder.",
                              remedy: "Point --dir at the folder that holds the migration files.")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw StrataError(.unreadableFile, "Cannot list the migrations folder \(path).",
                              remedy: "Check that the folder is readable.", underlying: "\(error)")
        }
        var migrations: [Migration] = []
        // Byte order: the same as String's for the ASCII names migrations have, without its
        // Unicode comparison; paths joined as text, not through URL, once per file.
        let folder = path.hasSuffix("/") ? path : path + "/"
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where MigrationFileName.isCandidate(name) {
            switch FileBytes.contents(of: folder + name) {
            case .directory:
                continue
            case .unreadable(let reason):
                throw StrataError(.unreadableFile, "Cannot read \(name): \(reason).", remedy: "Check that the file is readable.",
                                  location: SourceLocation(file: name))
            case .file(let bytes):
                migrations.append(try MigrationFileParser.parse(fileName: name, bytes: bytes))
            }
        }
        return try MigrationSet(migrations)
    }
}
