import Analytics
import GRDB

extension FeatureExtractor {
    /// Order features from one sequential scan of `orders` in storage order, folded per customer in Swift.
    ///
    /// SQLite's `GROUP BY customer, day` sorts every order (2.7 s at 1M orders); the scan alone takes 0.25 s.
    /// Orders mostly arrive in time order per customer (imports, sync in origin log order), so each customer's
    /// running state folds them as they come, exactly as the sorted fold would. A customer whose rows break that
    /// assumption (an earlier day after a later one, last-90-day purchases out of time-then-id order, a timestamp
    /// not in the stored `YYYY-MM-DDTHH:MM:SSZ` form, a text amount) is marked and recounted afterwards by the
    /// sorting SQL, so the result never depends on storage order. State is one entry per customer; no order is kept.
    func scanOrders(_ db: Database, _ positions: TextIndex) throws -> OrderScan {
        var premium = TextIndex()
        for sku in try String.fetchAll(db, sql: "SELECT sku FROM products WHERE price_tier = 'premium'") {
            premium.insert(sku)
        }
        var channelCodes = TextIndex()
        var clock = TimestampReader()
        let bounds = DayBounds(self)
        let channelStart = bounds.last90 * 86_400
        var scan = OrderScan(count: positions.count)
        let cutoffTime = bounds.asOf * 86_400
        // No WHERE and no `amount > 0`: evaluated per row by SQLite they cost half as much again as the scan.
        // Swift applies both to the rows it can read exactly, and leaves the others to the recount.
        let rows = try RawRows(db, sql: "SELECT customer_id, ordered_at, amount, sku, channel, id FROM orders")
        // Rows are parsed in batches, then their customers looked up and their orders folded: lookups and the
        // fold's reads of customer state are cache misses (100k customers in random order), and without a
        // `sqlite3_step` between them the CPU overlaps them.
        var batch: [PendingOrder] = []
        batch.reserveCapacity(Self.batchSize)
        var more = true
        while more {
            more = try rows.step()
            if more, let customerBytes = rows.bytes(0) {
                var order = PendingOrder()
                if let key = TextIndex.ShortKey(customerBytes) {
                    order.key = key
                } else if let i = positions.find(customerBytes) {
                    order.customer = i
                }
                // SQL compares a text amount above every number; only numbers (or NULL, counted as 0) are read.
                if let time = rows.bytes(1).flatMap({ clock.seconds($0) }), rows.isNumberOrNull(2) {
                    order.time = time
                    order.amount = rows.double(2)
                    order.isPurchase = order.amount > 0
                    order.isPremium = rows.bytes(3).flatMap(premium.find) != nil
                    if order.isPurchase && time >= channelStart {
                        order.channel = rows.bytes(4).map { channelCodes.insert($0) } ?? -1
                        order.id = rows.bytes(5).flatMap(TextIndex.ShortKey.init)
                    }
                } else {
                    order.isReadable = false
                }
                // From the start of the as-of day on (`ordered_at < :cutoff`, stored form) the order does not exist.
                if !order.isReadable || order.time < cutoffTime { batch.append(order) }
            }
            guard batch.count == Self.batchSize || !more else { continue }
            for k in batch.indices where batch[k].customer == PendingOrder.unresolved {
                batch[k].customer = batch[k].key.flatMap(positions.find) ?? PendingOrder.unknown
            }
            for order in batch where order.customer >= 0 { scan.add(order, bounds) }
            batch.removeAll(keepingCapacity: true)
        }
        return scan
    }

    private static let batchSize = 256
}

/// One order row as the scan read it, waiting to be folded.
struct PendingOrder {
    static let unresolved = -1
    static let unknown = -2
    static let noChannel = -2
    /// The customer's position, `unresolved` until `key` is looked up, `unknown` when no customer has that id.
    var customer = unresolved
    var key: FeatureExtractor.TextIndex.ShortKey?
    /// False when the timestamp is not in the stored form or the amount is text; the customer is then recounted.
    var isReadable = true
    var time = 0
    var amount = 0.0
    var isPurchase = false
    var isPremium = false
    /// A code for a last-90-day purchase's channel, -1 without one, `noChannel` for other orders.
    var channel = noChannel
    /// The order id of a last-90-day purchase, which orders purchases of the same second; nil when longer
    /// than 16 bytes.
    var id: FeatureExtractor.TextIndex.ShortKey?
}

/// The per-customer state of one order scan, indexed by customer position.
struct OrderScan {
    var folds: [OrderFold]
    var channels: [ChannelSequence]

    init(count: Int) {
        folds = [OrderFold](repeating: OrderFold(), count: count)
        channels = [ChannelSequence](repeating: ChannelSequence(), count: count)
    }

    mutating func add(_ order: PendingOrder, _ bounds: DayBounds) {
        let i = order.customer
        guard order.isReadable else {
            folds[i].needsRecount = true
            return
        }
        guard !folds[i].needsRecount else { return }
        folds[i].add(
            time: order.time, amount: order.amount, isPurchase: order.isPurchase, isPremium: order.isPremium,
            bounds)
        guard order.channel != PendingOrder.noChannel, !folds[i].needsRecount else { return }
        if !channels[i].add(order.channel, time: order.time, id: order.id) { folds[i].needsRecount = true }
    }
}

/// One customer's day fold while their orders stream past in storage order.
struct OrderFold {
    // The flags first: they share a cache line with the history's first fields.
    /// Set once the customer's rows stop arriving in the order the fold needs; the SQL recount takes over.
    var needsRecount = false
    var hasRows = false
    private var latestDay = Int.min
    var history = OrderHistory()

    /// Folds one order; a customer's orders must come day by day, else the recount takes over.
    mutating func add(time: Int, amount: Double, isPurchase: Bool, isPremium: Bool, _ bounds: DayBounds) {
        let day = (time >= 0 ? time : time - 86_399) / 86_400
        if day < latestDay {
            needsRecount = true
            return
        }
        latestDay = day
        hasRows = true
        history.add(
            day: day, spend: amount, premium: isPremium ? amount : 0, purchases: isPurchase ? 1 : 0, bounds)
    }
}

/// One customer's last-90-day purchases as a channel sequence: channels used and switches between consecutive
/// purchases, consecutive meaning by time then order id (the orders of one visit share a second).
struct ChannelSequence {
    private var time = Int.min
    private var orderID: FeatureExtractor.TextIndex.ShortKey?
    private var channel = -1
    private var used: UInt64 = 0
    private(set) var switches = 0

    /// Distinct channels.
    var channelsUsed: Int { used.nonzeroBitCount }

    /// Appends a purchase; `channel` is a small code, -1 when the order has none (NULL never counts as a
    /// switch). False when the purchase does not come after the previous one, or the code is too large to track.
    mutating func add(_ channel: Int, time: Int, id: FeatureExtractor.TextIndex.ShortKey?) -> Bool {
        // SQLite compares text bytewise; Swift's `<` on strings compares Unicode scalars after normalising.
        guard time > self.time || (time == self.time && Self.precedes(orderID, id)), channel < UInt64.bitWidth
        else { return false }
        if channel >= 0 {
            used |= 1 << UInt64(channel)
            if self.channel >= 0 && self.channel != channel { switches += 1 }
        }
        self.time = time
        self.orderID = id
        self.channel = channel
        return true
    }

    /// Whether order id `a` sorts before `b`; unknown (so false) when either is too long to have been kept.
    private static func precedes(_ a: FeatureExtractor.TextIndex.ShortKey?, _ b: FeatureExtractor.TextIndex.ShortKey?)
        -> Bool
    {
        guard let a, let b else { return false }
        return a.precedes(b)
    }
}

/// Reads stored timestamps, remembering the last date: storage order is mostly time order, so most rows repeat
/// the previous row's day and only their clock needs parsing.
struct TimestampReader {
    private var date: (UInt64, UInt16) = (0, 0)
    private var day = 0

    /// Seconds since 1970 of a `YYYY-MM-DDTHH:MM:SSZ` timestamp, or nil for any other text. In that exact form,
    /// text order is time order and the first ten characters are the day, as the SQL compares and groups them.
    mutating func seconds(_ text: UnsafeRawBufferPointer) -> Int? {
        guard text.count == 20, text[10] == 0x54, text[13] == 0x3A, text[16] == 0x3A, text[19] == 0x5A,
            let hour = Self.number(text, 11, 2), let minute = Self.number(text, 14, 2),
            let second = Self.number(text, 17, 2), hour < 24, minute < 60, second < 60
        else { return nil }
        let date = (text.loadUnaligned(as: UInt64.self), text.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if date != self.date {
            guard text[4] == 0x2D, text[7] == 0x2D, let year = Self.number(text, 0, 4),
                let month = Self.number(text, 5, 2), let day = Self.number(text, 8, 2), (1...12).contains(month),
                day >= 1, day <= Self.daysInMonth(year, month)
            else { return nil }
            self.date = date
            self.day = Self.daysSinceEpoch(year, month, day)
        }
        return day * 86_400 + hour * 3_600 + minute * 60 + second
    }

    private static func number(_ text: UnsafeRawBufferPointer, _ from: Int, _ length: Int) -> Int? {
        var value = 0
        for k in from..<(from + length) {
            let digit = Int(text[k]) &- 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days-from-civil).
    static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
