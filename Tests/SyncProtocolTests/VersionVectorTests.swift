import Analytics
import SyncProtocol
import Testing

@Suite struct VersionVectorTests {
    let a = Samples.site1
    let b = Samples.site2
    let c = Samples.site3

    @Test func encodingIsIdenticalWhateverTheInsertionOrder() {
        var generator = SeededGenerator(seed: 7)
        let entries = (0..<50).map { _ in
            (SiteID.random(using: &generator), UInt64.random(in: 1...1_000_000, using: &generator))
        }
        var reference: [UInt8]?
        for _ in 0..<20 {
            var vector = VersionVector()
            for (site, sequence) in entries.shuffled(using: &generator) {
                vector.raise(site, to: sequence)
            }
            let bytes = SyncMessage.v1(.caughtUp(CaughtUp(versionVector: vector))).encode()
            if let reference {
                #expect(bytes == reference)
            } else {
                reference = bytes
            }
        }
    }

    @Test func zeroEntriesAreNotStored() {
        var vector: VersionVector = [a: 0, b: 3]
        #expect(vector.count == 1)
        #expect(vector == [b: 3])
        vector[b] = 0
        #expect(vector.isEmpty)
        #expect(VersionVector([a: 0]) == VersionVector())
    }

    @Test func absentSiteReadsAsZero() {
        let vector: VersionVector = [a: 5]
        #expect(vector[b] == 0)
        #expect(vector.contains(site: a, sequence: 5))
        #expect(!vector.contains(site: a, sequence: 6))
        #expect(!vector.contains(site: a, sequence: 0))
    }

    @Test func raiseNeverLowers() {
        var vector: VersionVector = [a: 5]
        vector.raise(a, to: 3)
        #expect(vector[a] == 5)
        vector.raise(a, to: 9)
        #expect(vector[a] == 9)
    }

    @Test func mergeTakesThePointwiseMaximum() {
        var left: VersionVector = [a: 5, b: 1]
        left.merge([b: 4, c: 2, a: 3])
        #expect(left == [a: 5, b: 4, c: 2])
        #expect(VersionVector([a: 1]).merging([:]) == [a: 1])
    }

    @Test func dominatesMeansHoldsEverythingTheOtherHolds() {
        let big: VersionVector = [a: 5, b: 4]
        #expect(big.dominates([a: 5]))
        #expect(big.dominates([a: 2, b: 4]))
        #expect(big.dominates(big))
        #expect(big.dominates([:]))
        #expect(!big.dominates([a: 6]))
        #expect(!big.dominates([c: 1]))
        #expect(!VersionVector().dominates(big))
        #expect(big.isConcurrent(with: [c: 1]))
        #expect(!big.isConcurrent(with: [a: 1]))
    }

    @Test func lacksListsTheSequencesTheOtherHolds() {
        let ours: VersionVector = [a: 5, b: 10]
        let theirs: VersionVector = [a: 8, b: 7, c: 3]
        #expect(ours.lacks(from: theirs) == [a: 6...8, c: 1...3])
        #expect(ours.lackCount(from: theirs) == 6)
        #expect(theirs.lacks(from: ours) == [b: 8...10])
        #expect(theirs.lackCount(from: ours) == 3)
        #expect(ours.lacks(from: ours).isEmpty)
    }

    @Test func totalCountsCoveredChangesAndSaturates() {
        #expect(VersionVector().total == 0)
        #expect(VersionVector([a: 5, b: 10]).total == 15)
        #expect(VersionVector([a: .max, b: 10]).total == .max)
        #expect(VersionVector().lackCount(from: [a: .max, b: .max]) == .max)
    }

    @Test func mergingWhatWasLackingReachesTheOther() {
        var generator = SeededGenerator(seed: 99)
        let sites = (0..<6).map { _ in SiteID.random(using: &generator) }
        for _ in 0..<200 {
            var ours = VersionVector()
            var theirs = VersionVector()
            for site in sites {
                ours.raise(site, to: UInt64.random(in: 0...20, using: &generator))
                theirs.raise(site, to: UInt64.random(in: 0...20, using: &generator))
            }
            var applied = ours
            for (site, range) in ours.lacks(from: theirs) {
                #expect(!ours.contains(site: site, sequence: range.lowerBound))
                applied.raise(site, to: range.upperBound)
            }
            #expect(applied == ours.merging(theirs))
            #expect(applied.dominates(theirs))
            #expect(applied.total == ours.total + ours.lackCount(from: theirs))
        }
    }

    @Test func descriptionIsInSiteOrder() {
        let vector: VersionVector = [b: 2, a: 1]
        #expect(vector.description == "[000102030405060708090a0b0c0d0e0f:1, f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff:2]")
    }
}

@Suite struct SiteIDTests {
    @Test func hexRoundTripsAndOrdersLikeBytes() {
        let site = Samples.site1
        #expect(site.description == "000102030405060708090a0b0c0d0e0f")
        #expect(SiteID(hex: "000102030405060708090A0B0C0D0E0F") == site)
        #expect(SiteID(hex: site.description) == site)
        #expect(SiteID(hex: "00") == nil)
        #expect(SiteID(hex: "zz0102030405060708090a0b0c0d0e0f") == nil)
        #expect(SiteID(bytes: [1, 2, 3]) == nil)
        #expect(site.bytes == Array(0x00...0x0F))
        #expect(Samples.site1 < Samples.site2)
        #expect(SiteID(high: 0, low: .max) < SiteID(high: 1, low: 0))
    }

    @Test func randomSitesDiffer() {
        #expect(SiteID.random() != SiteID.random())
    }
}
