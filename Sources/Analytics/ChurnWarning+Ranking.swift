extension ChurnWarning {
    /// The warnings in the order to act on them: most reasons first, then highest trailing-365-day spend, then id.
    public static func ranked(_ warnings: [ChurnWarning], _ features: CustomerFeatures) -> [ChurnWarning] {
        warnings.sorted {
            ($0.reasons.count, features.spend365[$0.index], $1.id)
                > ($1.reasons.count, features.spend365[$1.index], $0.id)
        }
    }
}
