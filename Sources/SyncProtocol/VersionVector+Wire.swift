// Version vector encoding: count, then (site, sequence) pairs in ascending site order, sequences non-zero.
// The decoder accepts only that canonical form, so equal vectors always have equal bytes.
extension VersionVector {
    func encode(to writer: inout WireWriter) {
        writer.writeVarint(UInt64(sequences.count))
        for entry in sortedEntries {
            writer.writeSiteID(entry.site)
            writer.writeVarint(entry.sequence)
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        // Each entry takes at least 17 bytes: 16 for the site, 1 for the sequence.
        let count = try reader.readCount(limit: .sites, max: reader.limits.maxSites, minimumElementBytes: 17)
        var sequences: [SiteID: UInt64] = [:]
        sequences.reserveCapacity(count)
        var previous: SiteID?
        for _ in 0..<count {
            let start = reader.offset
            let site = try reader.readSiteID()
            if let previous, !(previous < site) {
                throw reader.malformed("version vector sites not in ascending order", at: start)
            }
            let sequenceStart = reader.offset
            let sequence = try reader.readStoredInteger(field: "version vector sequence")
            if sequence == 0 { throw reader.malformed("version vector entry of 0", at: sequenceStart) }
            sequences[site] = sequence
            previous = site
        }
        self.init(sequences)
    }
}
