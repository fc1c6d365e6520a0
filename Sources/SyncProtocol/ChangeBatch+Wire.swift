// Batch encoding (docs/protocol.md, "Batch"): number, covers, a site table listing each distinct origin
// once in order of first use, then the changes, each naming its origin by index into that table.
extension ChangeBatch {
    func encode(to writer: inout WireWriter) {
        writer.writeVarint(number)
        covers.encode(to: &writer)

        var sites: [SiteID] = []
        var indexOf: [SiteID: Int] = [:]
        var siteIndexes: [Int] = []
        siteIndexes.reserveCapacity(changes.count)
        // Consecutive changes usually share an origin; remembering the last one skips most hash lookups.
        var lastSite: SiteID?
        var lastIndex = 0
        for change in changes {
            if change.site != lastSite {
                if let known = indexOf[change.site] {
                    lastIndex = known
                } else {
                    lastIndex = sites.count
                    indexOf[change.site] = lastIndex
                    sites.append(change.site)
                }
                lastSite = change.site
            }
            siteIndexes.append(lastIndex)
        }

        writer.writeVarint(UInt64(sites.count))
        for site in sites {
            writer.writeSiteID(site)
        }
        writer.writeVarint(UInt64(changes.count))
        for (change, siteIndex) in zip(changes, siteIndexes) {
            change.encode(to: &writer, siteIndex: siteIndex)
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        let limits = reader.limits
        let number = try reader.readVarint()
        let covers = try VersionVector(from: &reader)

        let siteCount = try reader.readCount(limit: .sites, max: limits.maxSites, minimumElementBytes: 16)
        var sites: [SiteID] = []
        sites.reserveCapacity(siteCount)
        var seen = Set<SiteID>(minimumCapacity: siteCount)
        for _ in 0..<siteCount {
            let start = reader.offset
            let site = try reader.readSiteID()
            guard seen.insert(site).inserted else { throw reader.malformed("site listed twice", at: start) }
            sites.append(site)
        }

        let changeCount = try reader.readCount(
            limit: .changesPerBatch, max: limits.maxChangesPerBatch, minimumElementBytes: Change.minimumWireBytes)
        var changes: [Change] = []
        changes.reserveCapacity(changeCount)
        // The site table is in order of first use: a change names a site already used or the next one, and
        // every listed site gets used. That keeps the encoding canonical.
        var sitesUsed = 0
        for _ in 0..<changeCount {
            changes.append(try Change(from: &reader, sites: sites, sitesUsed: &sitesUsed))
        }
        if sitesUsed != sites.count { throw reader.malformed("site table lists an unused site", at: reader.offset) }
        self.init(number: number, changes: changes, covers: covers)
    }
}

extension Change {
    /// The fewest bytes a change can take: table, key count, one key value, column, causal length, hlc,
    /// site index, seq, value count.
    static let minimumWireBytes = 9

    func encode(to writer: inout WireWriter, siteIndex: Int) {
        writer.writeByte(table)
        Value.encodeList(key, to: &writer)
        writer.writeSignedVarint(Int64(column))
        writer.writeVarint(causalLength)
        writer.writeVarint(hlc)
        writer.writeVarint(UInt64(siteIndex))
        writer.writeVarint(seq)
        Value.encodeList(values, to: &writer)
    }

    init(from reader: inout WireReader, sites: [SiteID], sitesUsed: inout Int) throws(WireError) {
        let start = reader.offset
        let table = try reader.readByte()
        let keyStart = reader.offset
        let keyCount = try reader.readVarint()
        guard keyCount >= 1 && keyCount <= UInt64(Change.maxKeyValues) else {
            throw reader.malformed("key of \(keyCount) values", at: keyStart)
        }
        var key: [Value] = []
        key.reserveCapacity(Int(keyCount))
        for _ in 0..<keyCount {
            key.append(try Value(from: &reader))
        }
        let columnStart = reader.offset
        let rawColumn = try reader.readSignedVarint()
        guard let column = Int32(exactly: rawColumn), column >= Change.appendRowColumn else {
            throw .valueOutOfRange(field: "column", offset: columnStart)
        }
        let causalLength = try reader.readStoredInteger(field: "causal length")
        let hlc = try reader.readStoredInteger(field: "hlc")
        let siteStart = reader.offset
        let siteIndex = try reader.readVarint()
        guard siteIndex < UInt64(sites.count) else {
            throw reader.malformed("site index \(siteIndex) outside the site table", at: siteStart)
        }
        guard siteIndex <= UInt64(sitesUsed) else {
            throw reader.malformed("site index \(siteIndex) used before index \(sitesUsed)", at: siteStart)
        }
        if siteIndex == UInt64(sitesUsed) { sitesUsed += 1 }
        let seqStart = reader.offset
        let seq = try reader.readStoredInteger(field: "seq")
        if seq == 0 { throw reader.malformed("change sequence 0", at: seqStart) }
        let values = try Value.decodeList(from: &reader, max: reader.limits.maxValuesPerChange)
        self.init(
            table: table, key: key, column: column, causalLength: causalLength, hlc: hlc,
            site: sites[Int(siteIndex)], seq: seq, values: values)
        guard hasValidShape else {
            throw reader.malformed("change of column \(column) with \(values.count) values", at: start)
        }
    }
}
