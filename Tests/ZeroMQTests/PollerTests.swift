import Foundation
import Testing

@testable import ZeroMQ

@Suite(.timeLimit(.minutes(5))) struct PollerTests {
    @Test func pollerReportsWhichSocketHasAMessage() throws {
        let context = try Context()
        let left = try Socket(context, type: .pair)
        defer { left.close() }
        let right = try Socket(context, type: .pair)
        defer { right.close() }
        let leftPeer = try Socket(context, type: .pair)
        defer { leftPeer.close() }
        let rightPeer = try Socket(context, type: .pair)
        defer { rightPeer.close() }
        try left.bind("inproc://left")
        try right.bind("inproc://right")
        try leftPeer.connect("inproc://left")
        try rightPeer.connect("inproc://right")

        let poller = Poller()
        poller.add(left)
        poller.add(right)
        #expect(try poller.poll(timeout: .milliseconds(10)) == 0)

        try rightPeer.send([bytes("ping")])
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(!poller.isReadable(left))
        #expect(poller.isReadable(right))
        #expect(try right.receive(wait: .never) == [bytes("ping")])

        poller.add(left, events: [.readable, .writable])
        try poller.poll(timeout: .zero)
        #expect(poller.events(of: left) == .writable)
        poller.remove(left)
        #expect(poller.registered.count == 1)
    }

    @Test func wakerWakesAPollingLoopFromAnotherThread() throws {
        let context = try Context()
        let (waker, wakeups) = try Waker.make(in: context)
        defer {
            waker.close()
            wakeups.close()
        }
        let poller = Poller()
        poller.add(wakeups)
        let thread = Thread { [waker] in
            Thread.sleep(forTimeInterval: 0.05)
            waker.wake()
            waker.wake()
        }
        thread.start()
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        var drained = 0
        while try wakeups.receive(wait: .timeout(.milliseconds(100))) != nil { drained += 1 }
        #expect(drained == 2)
        waker.close()
        waker.wake()  // a closed waker ignores wake-ups
    }
}
