import ArgumentParser
import Foundation
import Logging
import Node

/// `outpost`: a local-first CRM sync node. Commands only parse and print; the work is in `Node`.
@main
struct Outpost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost",
        abstract: "A local-first CRM sync node: SQLite replica, ZeroMQ sync, local segmentation.",
        discussion: "Every command takes --dir PATH (default $OUTPOST_DIR, else ./outpost-data) and --log-level. "
            + "Read commands take --json. Exit status: 0 success, 1 failure, 2 usage error.",
        subcommands: [
            InitCommand.self, KeysCommand.self, PeerCommand.self, ServeCommand.self, SyncCommand.self,
            CustomerCommand.self, TagCommand.self, ImportCommand.self, ExportCommand.self, ChecksumCommand.self,
            SegmentCommand.self, CampaignCommand.self, AnalyticsCommand.self, StatusCommand.self, LogCommand.self,
            ConflictsCommand.self, DoctorCommand.self, ComplianceCommand.self, AuditCommand.self, ReportCommand.self,
            StockCommand.self,
        ])

    /// Exit codes: 0 success, 1 failure, 2 usage error; commands may exit with their own (status: 3).
    static func main() {
        // Everything outpost creates (database, -wal/-shm, exports, rejects files, keys) holds customer rows or
        // secrets: owner-only, whatever the shell's umask.
        umask(0o077)
        do {
            var command = try parseAsRoot(movingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}

extension Outpost {
    /// `outpost --dir X status` reads naturally, but ArgumentParser binds options to the command that declares
    /// them; every leaf command declares the global ones, so leading globals move behind the command path.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, ["--dir", "--log-level"].contains(first), rest.count >= 2 {
            leading += rest.prefix(2)
            rest = rest.dropFirst(2)
        }
        guard !leading.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return Array(rest) + leading
    }
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Node directory (default: $OUTPOST_DIR, else ./outpost-data).")
    var dir: String?

    @Option(
        name: .long,
        help: "Log level: trace, debug, info, notice, warning, error, critical (default: info for serve, else warning)."
    )
    var logLevel: Logger.Level?

    var directory: NodeDirectory {
        LoggingBootstrap.once(level: .trace)
        return NodeDirectory.resolve(dir)
    }

    /// A logger at the chosen level, or `fallback` when none was given.
    func logger(default fallback: Logger.Level) -> Logger {
        LoggingBootstrap.once(level: .trace)
        var logger = Logger(label: "outpost")
        logger.logLevel = logLevel ?? fallback
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
