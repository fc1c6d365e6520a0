// Our layer's side of scripts/bench/zmq.sh: the same PUSH -> PULL run as zmq_bench.c, through the ZeroMQ module
// (CURVE server with its ZAP authenticator). Prints "<messages/s> <MB/s> <CPU µs per message>".
// Usage: ZMQBench plain|curve SIZE COUNT [frame] [reuse]
//   frame: send one shared zero-copy Frame; reuse: receive(into:) reusing the frame arrays (default: receive()).
import Foundation
import Synchronization
import ZeroMQ

let arguments = CommandLine.arguments
guard arguments.count >= 4, let size = Int(arguments[2]), let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: ZMQBench plain|curve SIZE COUNT [frame] [reuse]\n".utf8))
    exit(2)
}
let curve = arguments[1] == "curve"
let zeroCopy = arguments.dropFirst(4).contains("frame")
let reuse = arguments.dropFirst(4).contains("reuse")

let context = try Context()
let serverKeys = try CurveKeyPair.generate()
let clientKeys = try CurveKeyPair.generate()
let authenticator = curve ? try context.startAuthenticator(allowing: [clientKeys.publicKey]) : nil

/// What the receiver thread reports back: its bound endpoint, then the measured time.
final class Handoff: Sendable {
    let endpoint = Mutex<String?>(nil)
    let seconds = Mutex<Double?>(nil)
}
let handoff = Handoff()
let done = DispatchSemaphore(value: 0)
let bound = DispatchSemaphore(value: 0)

let receiver = Thread {
    do {
        let pull = try Socket(context, type: .pull)
        defer { pull.close() }
        if let authenticator { try pull.configureCurveServer(keyPair: serverKeys, authenticator: authenticator) }
        try pull.bind("tcp://127.0.0.1:0")
        let endpoint = try pull.lastEndpoint
        handoff.endpoint.withLock { $0 = endpoint }
        bound.signal()
        var frames: [[UInt8]] = []
        _ = try pull.receive(into: &frames)
        let start = ContinuousClock.now
        if reuse {
            for _ in 1..<count { _ = try pull.receive(into: &frames) }
        } else {
            for _ in 1..<count { _ = try pull.receive() }
        }
        let elapsed = ContinuousClock.now - start
        let (whole, fraction) = elapsed.components
        handoff.seconds.withLock { $0 = Double(whole) + Double(fraction) / 1e18 }
    } catch {
        FileHandle.standardError.write(Data("receiver: \(error)\n".utf8))
        exit(1)
    }
    done.signal()
}
receiver.start()
bound.wait()

let push = try Socket(context, type: .push)
if curve { try push.configureCurveClient(keyPair: clientKeys, serverKey: serverKeys.publicKey) }
try push.connect(handoff.endpoint.withLock { $0! })
let payload = [UInt8](repeating: 0, count: size)
if zeroCopy {
    let frame = Frame(payload)
    for _ in 0..<count { try push.send([frame]) }
} else {
    for _ in 0..<count { try push.send([payload]) }
}
done.wait()
push.close()
let seconds = handoff.seconds.withLock { $0! }
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let cpu =
    Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    / 1e6
print(
    String(
        format: "%.0f %.1f %.3f", Double(count - 1) / seconds, Double(count - 1) * Double(size) / seconds / 1e6,
        cpu * 1e6 / Double(count)))
