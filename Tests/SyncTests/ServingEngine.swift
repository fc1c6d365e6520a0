import Foundation
import Sync

/// Runs `engine` on its own thread (the caller stops it) and returns the endpoint it bound.
func startServing(_ engine: SyncEngine) throws -> String {
    let thread = Thread { try? engine.run() }
    thread.start()
    guard try waitUntil(seconds: 5, { engine.endpoint != nil }), let endpoint = engine.endpoint else {
        throw ServingError.didNotBind
    }
    return endpoint
}

enum ServingError: Error { case didNotBind }

/// Polls `condition` until it holds or `seconds` pass; returns whether it held.
@discardableResult
func waitUntil(seconds: Double, _ condition: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if try condition() { return true }
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.02)
    }
}
