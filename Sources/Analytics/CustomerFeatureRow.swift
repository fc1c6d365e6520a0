/// One customer's features, for building a ``CustomerFeatures`` table row by row (tests, small imports).
///
/// Every field has a neutral default, so a row names only what matters to it.
public struct CustomerFeatureRow: Sendable, Equatable {
    public var id: String
    public var region: String
    public var channel: String
    public var district: String
    public var businessType: String
    public var status: String
    public var tags: [String]
    public var hasOrders: Bool
    public var recencyDays: Double
    public var frequency: Double
    public var monetary: Double
    public var averageBasket: Double
    public var tenureDays: Double
    public var premiumShare: Double
    public var channelsUsed90: Double
    public var channelSwitches90: Double
    public var complaints90: Double
    public var complaintsPrev90: Double
    public var referrals365: Double
    public var spend90: Double
    public var spendPrev90: Double
    public var orderDays90: Double
    public var orderDaysPrev90: Double
    public var spend365: Double
    public var meanGapDays: Double
    public var longestGapBeforeLastDays: Double
    public var returnGapDays: Double
    public var repeatCount: Double
    public var recencyT: Double
    public var ageT: Double
    public var meanRepeatSpend: Double

    /// A row; see ``CustomerFeatures`` for what each field means.
    public init(
        id: String, region: String = "", channel: String = "", district: String = "", businessType: String = "",
        status: String = "active", tags: [String] = [], hasOrders: Bool = false, recencyDays: Double = 0,
        frequency: Double = 0, monetary: Double = 0, averageBasket: Double = 0, tenureDays: Double = 0,
        premiumShare: Double = 0, channelsUsed90: Double = 0, channelSwitches90: Double = 0,
        complaints90: Double = 0, complaintsPrev90: Double = 0, referrals365: Double = 0, spend90: Double = 0,
        spendPrev90: Double = 0, orderDays90: Double = 0, orderDaysPrev90: Double = 0, spend365: Double = 0,
        meanGapDays: Double = 0, longestGapBeforeLastDays: Double = 0, repeatCount: Double = 0,
        recencyT: Double = 0, ageT: Double = 0, meanRepeatSpend: Double = 0, returnGapDays: Double = 0
    ) {
        self.id = id
        self.region = region
        self.channel = channel
        self.district = district
        self.businessType = businessType
        self.status = status
        self.tags = tags
        self.hasOrders = hasOrders
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        self.averageBasket = averageBasket
        self.tenureDays = tenureDays
        self.premiumShare = premiumShare
        self.channelsUsed90 = channelsUsed90
        self.channelSwitches90 = channelSwitches90
        self.complaints90 = complaints90
        self.complaintsPrev90 = complaintsPrev90
        self.referrals365 = referrals365
        self.spend90 = spend90
        self.spendPrev90 = spendPrev90
        self.orderDays90 = orderDays90
        self.orderDaysPrev90 = orderDaysPrev90
        self.spend365 = spend365
        self.meanGapDays = meanGapDays
        self.longestGapBeforeLastDays = longestGapBeforeLastDays
        self.returnGapDays = returnGapDays
        self.repeatCount = repeatCount
        self.recencyT = recencyT
        self.ageT = ageT
        self.meanRepeatSpend = meanRepeatSpend
    }
}

extension CustomerFeatures {
    /// A table built from rows.
    public init(rows: [CustomerFeatureRow]) {
        self.init()
        reserveCapacity(rows.count)
        for row in rows { append(row) }
    }
}
