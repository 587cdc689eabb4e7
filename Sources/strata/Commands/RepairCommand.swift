import ArgumentParser
import Strata

struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "The explicit ways out, each recorded in history with who and why.",
        discussion: """
            Give exactly one of:
              --accept-checksum V  an applied migration's file was edited on purpose: record its new checksum
              --resolved V         a failed migration was completed by hand: count it as applied
              --rolled-back V      a failed migration was undone by hand: count it as not applied
              --forget V           an applied migration whose file is gone: forget it
            and --note saying why.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Accept the edited file's checksum.", valueName: "version")) var acceptChecksum: String?
    @Option(name: .long, help: ArgumentHelp("Mark a failed migration as completed by hand.", valueName: "version")) var resolved: String?
    @Option(name: .long, help: ArgumentHelp("Mark a failed migration as undone by hand.", valueName: "version")) var rolledBack: String?
    @Option(name: .long, help: ArgumentHelp("Forget an applied migration whose file is gone.", valueName: "version")) var forget: String?
    @Option(name: .long, help: ArgumentHelp("Why; recorded in history.", valueName: "text")) var note: String

    func validate() throws {
        let given = [acceptChecksum, resolved, rolledBack, forget].compactMap { $0 }
        if given.count != 1 { throw ValidationError("Give exactly one of --accept-checksum, --resolved, --rolled-back, --forget.") }
    }

    func run() async throws {
        try await reportingFailures {
            let action: RepairAction
            if let v = acceptChecksum { action = .acceptChecksum(try parseVersion(v, option: "--accept-checksum")) }
            else if let v = resolved { action = .resolved(try parseVersion(v, option: "--resolved")) }
            else if let v = rolledBack { action = .rolledBack(try parseVersion(v, option: "--rolled-back")) }
            else { action = .forget(try parseVersion(forget ?? "", option: "--forget")) }
            let event = try await DatabaseOpener.withMigrator(connection, access: .readWrite) { migrator in
                try await migrator.repair(action, note: note)
            }
            Console.out("Recorded \(event.kind.rawValue) for version \(event.version) (\(event.name)) by \(event.appliedBy): \(note)")
        }
    }
}
