// Comparisons between two vectors: what anti-entropy uses to decide what to send and when it is done.
extension VersionVector {
    /// Raises every entry to the pointwise maximum of `self` and `other`.
    public mutating func merge(_ other: VersionVector) {
        for (site, sequence) in other.sequences {
            raise(site, to: sequence)
        }
    }

    /// The pointwise maximum of `self` and `other`.
    public func merging(_ other: VersionVector) -> VersionVector {
        var result = self
        result.merge(other)
        return result
    }

    /// Whether `self` holds everything `other` holds (every entry of `self` is at least `other`'s).
    /// Equal vectors dominate each other.
    public func dominates(_ other: VersionVector) -> Bool {
        other.sequences.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Whether neither vector dominates the other: each holds something the other lacks.
    public func isConcurrent(with other: VersionVector) -> Bool {
        !dominates(other) && !other.dominates(self)
    }

    /// The sequences `other` holds that `self` lacks, per site: `self[site] + 1 ... other[site]`.
    /// Sites where `self` is at or ahead of `other` are absent.
    public func lacks(from other: VersionVector) -> [SiteID: ClosedRange<UInt64>] {
        var missing: [SiteID: ClosedRange<UInt64>] = [:]
        for (site, theirs) in other.sequences {
            let ours = self[site]
            if theirs > ours {
                missing[site] = (ours + 1)...theirs
            }
        }
        return missing
    }

    /// How many changes `other` holds that `self` lacks, assuming gapless sequences per site
    /// (compacted sequences are counted too: it is an upper bound of the rows to transfer). Saturates.
    public func lackCount(from other: VersionVector) -> UInt64 {
        var total: UInt64 = 0
        for (site, theirs) in other.sequences {
            let ours = self[site]
            if theirs > ours {
                total = Self.saturatingAdd(total, theirs - ours)
            }
        }
        return total
    }

    /// The sum of all entries: how many changes the vector covers, assuming gapless sequences. Saturates.
    public var total: UInt64 {
        sequences.values.reduce(0, Self.saturatingAdd)
    }

    private static func saturatingAdd(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? .max : sum
    }
}
