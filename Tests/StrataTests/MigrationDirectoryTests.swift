import Foundation
import Testing
@testable import Strata

@Suite("Migrations folder")
struct MigrationDirectoryTests {
    /// A new folder for one test, removed afterwards.
    func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    func write(_ text: String, to name: String, in folder: URL) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test("reads the .sql files in version order, leaving out other files, hidden files and sub-folders")
    func readsMigrations() throws {
        try withFolder { folder in
            try write("-- migrate:up\nCREATE TABLE b (x INTEGER);\n", to: "002_b.sql", in: folder)
            try write("-- migrate:up\nCREATE TABLE a (x INTEGER);\n-- migrate:down\nDROP TABLE a;\n", to: "001_a.sql", in: folder)
            try write("notes", to: "README.md", in: folder)
            try write("-- migrate:up\nSELECT 1;\n", to: ".003_hidden.sql", in: folder)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("004_folder.sql"), withIntermediateDirectories: false)
            let set = try MigrationDirectory.load(from: folder).migrations(for: .duckdb)
            #expect(set.map(\.fileName) == ["001_a.sql", "002_b.sql"])
            #expect(set[0].up.sql == "CREATE TABLE a (x INTEGER);")
            #expect(set[0].down?.sql == "DROP TABLE a;")
        }
    }

    @Test("a large file is read whole: its up section and checksum are those of its text")
    func largeFile() throws {
        try withFolder { folder in
            let rows = (1...40_000).map { "(\($0), 'row \($0) ü')" }.joined(separator: ",\n")
            let up = "INSERT INTO t VALUES\n" + rows + ";"
            try write("-- migrate:up\n" + up + "\n", to: "001_big.sql", in: folder)
            let migration = try #require(try MigrationDirectory.load(from: folder).files.first)
            #expect(migration.up.sql.utf8.count == up.utf8.count)
            #expect(migration.up.sql == up)
            #expect(migration.checksum == Checksum(of: up))
        }
    }

    @Test("each file is read alone: a short file after a long one holds none of the long one's bytes, an empty one after them is refused as empty")
    func filesAfterLongerFiles() throws {
        try withFolder { folder in
            let long = "CREATE TABLE a (" + (1...2_000).map { "c\($0) INTEGER" }.joined(separator: ", ") + ");"
            try write("-- migrate:up\n" + long + "\n", to: "001_long.sql", in: folder)
            try write("-- migrate:up\nSELECT 2;", to: "002_short.sql", in: folder)
            try write("", to: "003_empty.sql", in: folder)
            #expect {
                try MigrationDirectory.load(from: folder)
            } throws: { error in
                (error as? StrataError)?.location?.file == "003_empty.sql"
            }
            try FileManager.default.removeItem(at: folder.appendingPathComponent("003_empty.sql"))
            let set = try MigrationDirectory.load(from: folder).files
            #expect(set.map(\.up.sql) == [long, "SELECT 2;"])
            #expect(set[1].checksum == Checksum(of: "SELECT 2;"))
        }
    }

    @Test("a file that cannot be read is named, with the system's reason; a missing folder or a file given as the folder too")
    func unreadable() throws {
        try withFolder { folder in
            try write("-- migrate:up\nSELECT 1;\n", to: "001_a.sql", in: folder)
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("002_gone.sql").path,
                                                       withDestinationPath: folder.appendingPathComponent("nowhere").path)
            let error = #expect(throws: StrataError.self) { try MigrationDirectory.load(from: folder) }
            #expect(error?.code == .unreadableFile)
            #expect(error?.message == "Cannot read 002_gone.sql: No such file or directory.")
            #expect(error?.location?.file == "002_gone.sql")

            let missing = #expect(throws: StrataError.self) { try MigrationDirectory.load(from: folder.appendingPathComponent("absent")) }
            #expect(missing?.message.contains("does not exist") == true)
            let notFolder = #expect(throws: StrataError.self) { try MigrationDirectory.load(from: folder.appendingPathComponent("001_a.sql")) }
            #expect(notFolder?.message.contains("is a file, not a folder") == true)
        }
    }
}
