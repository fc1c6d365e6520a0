import ArgumentParser
import CRM
import Dispatch
import Foundation
import Node
import Synchronization

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Sync events: sessions, batches with counts, refusals with reason and key, errors.",
        discussion: "The node keeps its newest 10,000 events (up to 1,000 more between prunes).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only events since a duration ago (90s, 15m, 3h, 2d) or a UTC date/time (2026-03-01).")
    var since: String?
    @Option(help: "Only events of this peer.") var peer: String?
    @Flag(help: "Keep printing new events (polled every 200 ms) until interrupted.") var follow = false
    @Option(help: .hidden) var `for`: Double?
    @Flag(help: "Print JSON: an array, or with --follow one object per line.") var json = false

    func run() throws {
        let bound = try since.map { try TimeBound.parse($0) }
        let log = try EventLog(global.directory, since: bound, peer: peer)
        let style = TerminalStyle.standardOutput
        let width = try log.peerWidth()
        let stopped = Atomic<Bool>(false)
        var sources: [DispatchSourceSignal] = []
        if follow {
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { stopped.store(true, ordering: .sequentiallyConsistent) }
                source.resume()
                sources.append(source)
            }
        }
        defer { sources.forEach { $0.cancel() } }
        let deadline = self.for.map { Date().addingTimeInterval($0) }
        var collected: [JSONValue] = []
        var printed = false
        try log.run(
            follow: follow,
            shouldStop: {
                stopped.load(ordering: .sequentiallyConsistent) || deadline.map { Date() >= $0 } == true
            },
            emit: { event in
                if json && !follow {
                    collected.append(EventLog.json(event))
                } else {
                    printed = true
                    print(
                        json ? EventLog.json(event).serialized() : EventLog.line(event, peerWidth: width, style: style))
                    fflush(nil)  // nil flushes every stream; a pipe reader sees each line at once
                }
            })
        if json && !follow {
            print(JSONValue.array(collected).serialized(pretty: true))
        } else if !json && !follow && !printed {
            printError("no sync events" + (since == nil && peer == nil ? " recorded yet" : " match"))
        }
    }
}
