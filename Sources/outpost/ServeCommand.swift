import ArgumentParser
import Logging
import Node

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the node: listen, connect to peers, sync continuously until SIGINT/SIGTERM.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try Daemon.serve(global.directory, logger: global.logger(default: .info))
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync with reachable peers until both sides are caught up, then exit.",
        discussion: "Exit status 0 when caught up with every peer tried; 1 naming the peers it could not reach.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Sync once and exit (the only mode; continuous sync is `outpost serve`).") var once = false
    @Option(help: "Only this peer.") var peer: String?
    @Option(help: "Give up after this many seconds.") var timeout: Double = 30

    func validate() throws {
        guard once else { throw ValidationError("use `outpost sync --once`, or `outpost serve` to sync continuously") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let result = try Daemon.syncOnce(
            global.directory, peer: peer, timeout: timeout, logger: global.logger(default: .warning))
        for name in result.caughtUp { print("\(name): caught up") }
        for (name, reason) in result.unreachable.sorted(by: { $0.key < $1.key }) {
            printError("\(name): not synced: \(reason)")
        }
        if !result.unreachable.isEmpty { throw ExitCode.failure }
        if result.caughtUp.isEmpty { print("no peers with an endpoint to sync with") }
    }
}
