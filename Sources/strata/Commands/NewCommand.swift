import ArgumentParser
import Foundation
import Strata

struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write the next numbered migration file, with up and down sections.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("What the migration does, e.g. add_symbol_index.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Write an engine-specific variant (duckdb or clickhouse).", valueName: "engine"))
    var engine: String?

    func run() async throws {
        try await reportingFailures {
            let variant: DatabaseEngine? = try engine.map { text throws(StrataError) in
                guard let engine = DatabaseEngine(rawValue: text.lowercased()) else {
                    throw StrataError(.invalidArgument, "--engine \(text) is not an engine.", remedy: "Use --engine duckdb or --engine clickhouse.")
                }
                return engine
            }
            let directory = connection.migrationsDirectory
            if !FileManager.default.fileExists(atPath: directory.path) {
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                } catch {
                    throw StrataError(.unreadableFile, "Cannot create the migrations folder \(directory.path).",
                                      remedy: "Check the path given as --dir and the permissions of its parent.", underlying: "\(error)")
                }
            }
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let fileName = try MigrationScaffold.fileName(for: name, existingFiles: existing, engine: variant, now: Date())
            let url = directory.appendingPathComponent(fileName)
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw StrataError(.invalidArgument, "\(url.path) already exists.", remedy: "Pick another name.")
            }
            do {
                try Data(MigrationScaffold.template(name: name).utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw StrataError(.unreadableFile, "Cannot write \(url.path).",
                                  remedy: "Check that the migrations folder is writable.", underlying: "\(error)")
            }
            Console.out(url.path)
        }
    }
}
