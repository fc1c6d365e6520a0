/// What one local write transaction did, per table: counts of inserts, updates, deletes and appends and the
/// first few keys, as its audit entry records them (keys and counts only: never a value).
struct AuditTally {
    /// Keys listed per table and operation before the rest are only counted.
    static let keysShown = 5

    private var operations: [String: [String: (count: Int, keys: [String])]] = [:]

    var isEmpty: Bool { operations.isEmpty }

    mutating func note(_ table: String, _ operation: String, key: [String]) {
        var entry = operations[table, default: [:]][operation, default: (0, [])]
        entry.count += 1
        if entry.keys.count < Self.keysShown { entry.keys.append(key.joined(separator: "/")) }
        operations[table, default: [:]][operation] = entry
    }

    /// The tables written, comma-separated.
    var object: String { operations.keys.sorted().joined(separator: ",") }

    /// `customers: 2 insert (C1, C2); customer_tags: 7 insert (C1/vip, … +2 more)`.
    var detail: String {
        operations.keys.sorted().map { table in
            let parts = operations[table]!.keys.sorted().map { operation in
                let (count, keys) = operations[table]![operation]!
                let more = count > keys.count ? ", +\(count - keys.count) more" : ""
                return "\(count) \(operation) (\(keys.joined(separator: ", "))\(more))"
            }
            return "\(table): " + parts.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
