/// The feature table every analysis reads: one entry per customer, stored column by column.
///
/// All arrays have the same length, `count`. Day-valued features are relative to the as-of date the caller used when
/// extracting them, so nothing here needs a calendar. Fill it either by assigning whole columns (the SQL extraction
/// streams rows into them) or row by row with ``append(_:)``.
///
/// ```swift
/// var features = CustomerFeatures()
/// features.append(CustomerFeatureRow(id: "c1", region: "east", hasOrders: true, recencyDays: 3, frequency: 12))
/// ```
public struct CustomerFeatures: Sendable {
    /// Customer ids (text primary keys).
    public var ids: [String]
    /// Customer region, e.g. `east`.
    public var regions: [String]
    /// The customer's registered channel (`traditional`, `chain`, `flagship`, `online`).
    public var channels: [String]
    public var districts: [String]
    public var businessTypes: [String]
    /// `active` or `closed`.
    public var statuses: [String]
    /// Tags per customer.
    public var tags: [[String]]
    /// Whether the customer has any order before the as-of day (a snapshot at its start).
    public var hasOrders: [Bool]
    /// Days from the last order to the as-of date; meaningless when `hasOrders` is false.
    public var recencyDays: [Double]
    /// Distinct order days within the window [D − 365, D) by default.
    public var frequency: [Double]
    /// Sum of order amounts within the window, CNY.
    public var monetary: [Double]
    /// `monetary` divided by the number of orders in the window; 0 when there are none.
    public var averageBasket: [Double]
    /// Days from the first order day to the as-of date.
    public var tenureDays: [Double]
    /// Share (0...1) of window spend on premium products.
    public var premiumShare: [Double]
    /// Distinct order channels used in the last 90 days.
    public var channelsUsed90: [Double]
    /// Times consecutive orders' channels differ, last 90 days.
    public var channelSwitches90: [Double]
    public var complaints90: [Double]
    public var complaintsPrev90: [Double]
    public var referrals365: [Double]
    public var spend90: [Double]
    public var spendPrev90: [Double]
    public var orderDays90: [Double]
    public var orderDaysPrev90: [Double]
    /// Trailing-365-day spend, which sets the star tier.
    public var spend365: [Double]
    /// Mean days between distinct order days over all history; 0 with fewer than 2 order days.
    public var meanGapDays: [Double]
    /// Days between the last order day and the order day before it; 0 if there is none.
    public var longestGapBeforeLastDays: [Double]
    /// The longest gap between consecutive order days whose later day is in the last 90 days [D − 90, D): the
    /// pause the customer's recent ordering came back from; 0 if there is none.
    public var returnGapDays: [Double]
    /// BG/NBD `x`: distinct order days minus one, over all history.
    public var repeatCount: [Double]
    /// BG/NBD `t_x`: days from the first to the last order day.
    public var recencyT: [Double]
    /// BG/NBD `T`: days from the first order day to the as-of date.
    public var ageT: [Double]
    /// Gamma-Gamma `m`: mean amount per order day over the repeat days; 0 if `repeatCount` is 0.
    public var meanRepeatSpend: [Double]

    /// An empty table, to be filled with ``append(_:)`` or by assigning columns.
    public init() {
        self.init(ids: [])
    }

    /// A table from whole columns. Columns left out are filled with neutral values (empty text, no tags, false, 0).
    public init(
        ids: [String], regions: [String]? = nil, channels: [String]? = nil, districts: [String]? = nil,
        businessTypes: [String]? = nil, statuses: [String]? = nil, tags: [[String]]? = nil,
        hasOrders: [Bool]? = nil, recencyDays: [Double]? = nil, frequency: [Double]? = nil,
        monetary: [Double]? = nil, averageBasket: [Double]? = nil, tenureDays: [Double]? = nil,
        premiumShare: [Double]? = nil, channelsUsed90: [Double]? = nil, channelSwitches90: [Double]? = nil,
        complaints90: [Double]? = nil, complaintsPrev90: [Double]? = nil, referrals365: [Double]? = nil,
        spend90: [Double]? = nil, spendPrev90: [Double]? = nil, orderDays90: [Double]? = nil,
        orderDaysPrev90: [Double]? = nil, spend365: [Double]? = nil, meanGapDays: [Double]? = nil,
        longestGapBeforeLastDays: [Double]? = nil, repeatCount: [Double]? = nil, recencyT: [Double]? = nil,
        ageT: [Double]? = nil, meanRepeatSpend: [Double]? = nil, returnGapDays: [Double]? = nil
    ) {
        let n = ids.count
        let text = [String](repeating: "", count: n)
        let zero = [Double](repeating: 0, count: n)
        self.ids = ids
        self.regions = regions ?? text
        self.channels = channels ?? text
        self.districts = districts ?? text
        self.businessTypes = businessTypes ?? text
        self.statuses = statuses ?? text
        self.tags = tags ?? [[String]](repeating: [], count: n)
        self.hasOrders = hasOrders ?? [Bool](repeating: false, count: n)
        self.recencyDays = recencyDays ?? zero
        self.frequency = frequency ?? zero
        self.monetary = monetary ?? zero
        self.averageBasket = averageBasket ?? zero
        self.tenureDays = tenureDays ?? zero
        self.premiumShare = premiumShare ?? zero
        self.channelsUsed90 = channelsUsed90 ?? zero
        self.channelSwitches90 = channelSwitches90 ?? zero
        self.complaints90 = complaints90 ?? zero
        self.complaintsPrev90 = complaintsPrev90 ?? zero
        self.referrals365 = referrals365 ?? zero
        self.spend90 = spend90 ?? zero
        self.spendPrev90 = spendPrev90 ?? zero
        self.orderDays90 = orderDays90 ?? zero
        self.orderDaysPrev90 = orderDaysPrev90 ?? zero
        self.spend365 = spend365 ?? zero
        self.meanGapDays = meanGapDays ?? zero
        self.longestGapBeforeLastDays = longestGapBeforeLastDays ?? zero
        self.repeatCount = repeatCount ?? zero
        self.recencyT = recencyT ?? zero
        self.ageT = ageT ?? zero
        self.meanRepeatSpend = meanRepeatSpend ?? zero
        self.returnGapDays = returnGapDays ?? zero
        precondition(isConsistent, "CustomerFeatures columns must all have \(n) entries")
    }

    /// Number of customers.
    public var count: Int { ids.count }

    /// True when every column has `count` entries. Analyses check it as a precondition.
    public var isConsistent: Bool {
        let n = ids.count
        let textColumns = [regions, channels, districts, businessTypes, statuses]
        return textColumns.allSatisfy { $0.count == n }
            && Self.numberColumns.allSatisfy { self[keyPath: $0].count == n }
            && tags.count == n && hasOrders.count == n
    }

    /// Appends one customer.
    public mutating func append(_ row: CustomerFeatureRow) {
        ids.append(row.id)
        regions.append(row.region)
        channels.append(row.channel)
        districts.append(row.district)
        businessTypes.append(row.businessType)
        statuses.append(row.status)
        tags.append(row.tags)
        hasOrders.append(row.hasOrders)
        recencyDays.append(row.recencyDays)
        frequency.append(row.frequency)
        monetary.append(row.monetary)
        averageBasket.append(row.averageBasket)
        tenureDays.append(row.tenureDays)
        premiumShare.append(row.premiumShare)
        channelsUsed90.append(row.channelsUsed90)
        channelSwitches90.append(row.channelSwitches90)
        complaints90.append(row.complaints90)
        complaintsPrev90.append(row.complaintsPrev90)
        referrals365.append(row.referrals365)
        spend90.append(row.spend90)
        spendPrev90.append(row.spendPrev90)
        orderDays90.append(row.orderDays90)
        orderDaysPrev90.append(row.orderDaysPrev90)
        spend365.append(row.spend365)
        meanGapDays.append(row.meanGapDays)
        longestGapBeforeLastDays.append(row.longestGapBeforeLastDays)
        repeatCount.append(row.repeatCount)
        recencyT.append(row.recencyT)
        ageT.append(row.ageT)
        meanRepeatSpend.append(row.meanRepeatSpend)
        returnGapDays.append(row.returnGapDays)
    }

    /// Reserves room for `n` customers in every column.
    public mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n)
        regions.reserveCapacity(n)
        channels.reserveCapacity(n)
        districts.reserveCapacity(n)
        businessTypes.reserveCapacity(n)
        statuses.reserveCapacity(n)
        tags.reserveCapacity(n)
        hasOrders.reserveCapacity(n)
        for path in Self.numberColumns { self[keyPath: path].reserveCapacity(n) }
    }

    // The numeric columns, so bulk operations need not list them twice.
    static let numberColumns: [WritableKeyPath<CustomerFeatures, [Double]> & Sendable] = [
        \.recencyDays, \.frequency, \.monetary, \.averageBasket, \.tenureDays, \.premiumShare, \.channelsUsed90,
        \.channelSwitches90, \.complaints90, \.complaintsPrev90, \.referrals365, \.spend90, \.spendPrev90,
        \.orderDays90, \.orderDaysPrev90, \.spend365, \.meanGapDays, \.longestGapBeforeLastDays, \.repeatCount,
        \.recencyT, \.ageT, \.meanRepeatSpend, \.returnGapDays,
    ]
}
