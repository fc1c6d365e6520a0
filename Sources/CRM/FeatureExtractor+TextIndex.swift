extension FeatureExtractor {
    /// Numbers distinct texts 0, 1, 2… in insertion order and finds them again from raw UTF-8 bytes.
    ///
    /// The order scan maps a customer id and a SKU per row. Building a `String` and hashing it with
    /// `Dictionary`'s SipHash, then following pointers to compare keys, made the lookups cache misses: 100k
    /// customers are visited in random order. Here a slot holds the first 16 bytes of its key, so a lookup of a
    /// short key (customer ids, SKUs) touches one slot. Keys compare bytewise, as SQLite compares text (Swift
    /// strings would also equate canonically equivalent Unicode). Open addressing, linear probing, at most half
    /// full.
    struct TextIndex {
        private struct Slot {
            /// Key number + 1; 0 marks an empty slot.
            var entry: Int32 = 0
            var length: Int32 = 0
            var head0: UInt64 = 0
            var head1: UInt64 = 0
        }

        private var slots: [Slot]
        /// Bytes after the first 16 of each key, `tails[number]`; empty for short keys.
        private var tails: [[UInt8]] = []

        init(capacity: Int = 16) {
            var size = 16
            while size < 2 * capacity { size *= 2 }
            slots = [Slot](repeating: Slot(), count: size)
        }

        /// Number of distinct keys.
        var count: Int { tails.count }

        /// A key of at most 16 bytes, copied out of a buffer that is about to change.
        struct ShortKey {
            var head0: UInt64
            var head1: UInt64
            var length: Int

            /// Nil when the key is longer than 16 bytes.
            init?(_ key: UnsafeRawBufferPointer) {
                guard key.count <= 16 else { return nil }
                (head0, head1) = TextIndex.heads(key)
                length = key.count
            }

            /// Bytewise order, as SQLite orders text: the heads with byte 0 most significant, then the shorter
            /// first (zero padding makes a key equal to its own prefix in the heads).
            func precedes(_ other: ShortKey) -> Bool {
                let mine = (head0.byteSwapped, head1.byteSwapped, length)
                return mine < (other.head0.byteSwapped, other.head1.byteSwapped, other.length)
            }
        }

        /// The number of a short key, or nil when it was never inserted.
        func find(_ key: ShortKey) -> Int? {
            find(key.head0, key.head1, key.length, UnsafeRawBufferPointer(start: nil, count: 0))
        }

        /// The number of `key`, or nil when it was never inserted.
        func find(_ key: UnsafeRawBufferPointer) -> Int? {
            let (head0, head1) = Self.heads(key)
            return find(head0, head1, key.count, key.count > 16 ? key : UnsafeRawBufferPointer(start: nil, count: 0))
        }

        /// `key` is the whole key when it is longer than 16 bytes, otherwise ignored.
        private func find(_ head0: UInt64, _ head1: UInt64, _ length: Int, _ key: UnsafeRawBufferPointer) -> Int? {
            let mask = slots.count - 1
            var slot = Self.hash(head0, head1, length, key.dropFirst(16)) & mask
            return slots.withUnsafeBufferPointer { slots in
                while true {
                    let candidate = slots[slot]
                    if candidate.entry == 0 { return nil }
                    if candidate.head0 == head0 && candidate.head1 == head1 && Int(candidate.length) == length
                        && (length <= 16 || tails[Int(candidate.entry) - 1].elementsEqual(key.dropFirst(16)))
                    {
                        return Int(candidate.entry) - 1
                    }
                    slot = (slot + 1) & mask
                }
            }
        }

        func find(_ key: String) -> Int? {
            var key = key
            return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
        }

        /// The number of `key`, inserting it first when it is new.
        @discardableResult
        mutating func insert(_ key: UnsafeRawBufferPointer) -> Int {
            if let found = find(key) { return found }
            if 2 * (count + 1) > slots.count { grow() }
            let number = count
            let (head0, head1) = Self.heads(key)
            tails.append(key.count > 16 ? Array(key.dropFirst(16)) : [])
            place(Slot(entry: Int32(number + 1), length: Int32(key.count), head0: head0, head1: head1))
            return number
        }

        @discardableResult
        mutating func insert(_ key: String) -> Int {
            var key = key
            return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
        }

        private mutating func place(_ new: Slot) {
            let mask = slots.count - 1
            let tail = tails[Int(new.entry) - 1]
            var slot = Self.hash(new.head0, new.head1, Int(new.length), tail) & mask
            while slots[slot].entry != 0 { slot = (slot + 1) & mask }
            slots[slot] = new
        }

        private mutating func grow() {
            let old = slots
            slots = [Slot](repeating: Slot(), count: old.count * 2)
            for slot in old where slot.entry != 0 { place(slot) }
        }

        /// The first 16 bytes as two words, zero-padded.
        /// Byte 0 is the low byte of the first word on every host. Whole-word loads: a `memcpy` per key showed in
        /// the scan's profile.
        private static func heads(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
            let n = key.count
            func word(at offset: Int) -> UInt64 {
                UInt64(littleEndian: key.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            if n >= 16 { return (word(at: 0), word(at: 8)) }
            // The last 8 bytes, shifted so the ones already in the first word fall off.
            if n > 8 { return (word(at: 0), word(at: n - 8) >> UInt64((16 - n) * 8)) }
            if n == 8 { return (word(at: 0), 0) }
            var head: UInt64 = 0
            for k in stride(from: n - 1, through: 0, by: -1) { head = head << 8 | UInt64(key[k]) }
            return (head, 0)
        }

        /// Mixes the heads, the length and any tail bytes (multiply and xor-shift; keys are not adversarial).
        private static func hash(
            _ head0: UInt64, _ head1: UInt64, _ length: Int, _ tail: some Collection<UInt8>
        ) -> Int {
            var hash = (head0 ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ (hash >> 32) ^ head1) &* 0xBF58_476D_1CE4_E5B9
            for byte in tail { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
    }
}
