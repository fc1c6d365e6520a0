extension SVGChart {
    /// One estimate of ``whiskers(_:title:)``: a dot at `value` and a whisker from `lower` to `upper`, coloured by
    /// whether the interval lies above zero, below it, or spans it.
    public struct Estimate: Sendable, Equatable {
        public var label: String
        public var value: Double?
        public var lower: Double?
        public var upper: Double?

        public init(label: String, value: Double?, lower: Double?, upper: Double?) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// Dots with whiskers on one axis through zero, in percentage points (values are differences of shares); an
    /// estimate without a value prints "no data".
    public static func whiskers(_ estimates: [Estimate], title: String, width: Double = 420) -> String {
        let finite = estimates.flatMap { [$0.value, $0.lower, $0.upper] }.compactMap { $0 }.filter(\.isFinite)
        let reach = max(finite.map(abs).max() ?? 0, 0.01) * 1.1
        let plotLeft = labelWidth
        let plotWidth = width - labelWidth - 12
        func x(_ value: Double) -> Double { plotLeft + (value + reach) / (2 * reach) * plotWidth }
        let height = Double(estimates.count) * rowHeight + 30
        var out = open(width: width, height: height, title: title)
        let bottom = height - 18
        out += "<line x1=\"\(n(x(0)))\" y1=\"2\" x2=\"\(n(x(0)))\" y2=\"\(n(bottom))\" stroke=\"\(Palette.axis)\" "
        out += "stroke-dasharray=\"3 3\"/>"
        for value in [-reach / 1.1, 0, reach / 1.1] {
            let label = value == 0 ? "0" : ReportFormat.points(value)
            out += text(label, x: x(value), y: height - 4, anchor: "middle", style: "axis")
        }
        for (row, estimate) in estimates.enumerated() {
            let y = 4 + Double(row) * rowHeight + 11
            out += text(estimate.label, x: labelWidth - 6, y: y + 4, anchor: "end")
            guard let value = estimate.value, value.isFinite else {
                out += text("no data", x: x(0) + 6, y: y + 4, anchor: "start", style: "axis")
                continue
            }
            var colour = Palette.neutral
            if let lower = estimate.lower, let upper = estimate.upper, lower.isFinite, upper.isFinite {
                colour = lower > 0 ? Palette.good : upper < 0 ? Palette.bad : Palette.neutral
                out += "<line x1=\"\(n(x(lower)))\" y1=\"\(n(y))\" x2=\"\(n(x(upper)))\" y2=\"\(n(y))\" "
                out += "stroke=\"\(colour)\" stroke-width=\"2\"/>"
                for end in [lower, upper] {
                    out += "<line x1=\"\(n(x(end)))\" y1=\"\(n(y - 5))\" x2=\"\(n(x(end)))\" y2=\"\(n(y + 5))\" "
                    out += "stroke=\"\(colour)\" stroke-width=\"2\"/>"
                }
            }
            out += "<circle cx=\"\(n(x(value)))\" cy=\"\(n(y))\" r=\"4.5\" fill=\"\(colour)\"/>"
        }
        return out + "</svg>"
    }
}
