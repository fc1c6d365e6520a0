/// Per origin site, the highest change sequence a node holds.
///
/// Sequences start at 1, so an absent site and a site at 0 mean the same thing ("nothing from it");
/// the vector never stores zero entries, which keeps equality and the wire encoding canonical.
///
/// ```swift
/// var vector: VersionVector = [office: 42]
/// vector.raise(hq, to: 7)
/// vector[office]  // 42
/// ```
public struct VersionVector: Hashable, Sendable {
    /// The non-zero entries. Use the subscript to read absent sites as 0.
    public private(set) var sequences: [SiteID: UInt64]

    /// An empty vector: holds nothing from anyone.
    public init() {
        sequences = [:]
    }

    /// Creates a vector from a dictionary, dropping zero entries.
    public init(_ sequences: [SiteID: UInt64]) {
        self.sequences = sequences.filter { $0.value != 0 }
    }

    /// The highest sequence held from `site`, 0 when none. Setting 0 removes the entry.
    public subscript(site: SiteID) -> UInt64 {
        get { sequences[site] ?? 0 }
        set { sequences[site] = newValue == 0 ? nil : newValue }
    }

    /// Raises the entry for `site` to `sequence` if that is higher; never lowers it.
    public mutating func raise(_ site: SiteID, to sequence: UInt64) {
        if sequence > self[site] {
            self[site] = sequence
        }
    }

    /// Whether the vector covers change `sequence` of `site`.
    public func contains(site: SiteID, sequence: UInt64) -> Bool {
        sequence != 0 && sequence <= self[site]
    }

    /// The number of sites with a non-zero entry.
    public var count: Int { sequences.count }

    /// Whether the vector holds nothing.
    public var isEmpty: Bool { sequences.isEmpty }

    /// The entries sorted by site id: the order of the wire encoding and of stable printing.
    public var sortedEntries: [(site: SiteID, sequence: UInt64)] {
        sequences.sorted { $0.key < $1.key }.map { (site: $0.key, sequence: $0.value) }
    }
}

extension VersionVector: ExpressibleByDictionaryLiteral {
    /// Creates a vector from a literal; a repeated site keeps its highest sequence.
    public init(dictionaryLiteral elements: (SiteID, UInt64)...) {
        self.init()
        for (site, sequence) in elements {
            raise(site, to: sequence)
        }
    }
}

extension VersionVector: CustomStringConvertible {
    /// `[site:seq, …]` in site order, so equal vectors print identically.
    public var description: String {
        "[" + sortedEntries.map { "\($0.site):\($0.sequence)" }.joined(separator: ", ") + "]"
    }
}
