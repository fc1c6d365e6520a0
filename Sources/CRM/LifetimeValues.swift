import Analytics

/// The fitted purchase and spend models and the value of each customer with orders.
public struct LifetimeValues: Sendable {
    public var purchases: BGNBDModel
    public var spend: GammaGammaModel
    public var values: [CustomerLifetimeValue]
}
