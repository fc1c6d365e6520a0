import Foundation

/// Colours of the charts: one blue ramp for magnitudes (readable in grey when printed), an accent for the
/// second series, grey for what is not known yet. Text on a cell switches to white where the fill is dark, so
/// contrast stays above WCAG's 4.5:1.
enum Palette {
    static let bar = "#3b6ea8"
    static let accent = "#d98c2b"
    static let axis = "#555555"
    static let immature = "#e4e4e4"
    static let empty = "#f7f7f7"
    static let good = "#2e7d32"
    static let bad = "#c62828"
    static let neutral = "#555555"

    /// The ramp's ends: pale blue to deep blue.
    static let low = (r: 0xee, g: 0xf3, b: 0xfa)
    static let high = (r: 0x0b, g: 0x3c, b: 0x7a)

    /// The ramp's colour at `t` in 0...1.
    static func ramp(_ t: Double) -> String {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return hex(mix(low.r, high.r), mix(low.g, high.g), mix(low.b, high.b))
    }

    /// Whether text on the ramp's colour at `t` should be white: where white contrasts more than black, which
    /// happens below a relative luminance of about 0.18 (both then exceed 4.5:1).
    static func isDark(_ t: Double) -> Bool {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        func channel(_ a: Int, _ b: Int) -> Double {
            let c = (Double(a) + (Double(b) - Double(a)) * t) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance =
            0.2126 * channel(low.r, high.r) + 0.7152 * channel(low.g, high.g) + 0.0722 * channel(low.b, high.b)
        return 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
