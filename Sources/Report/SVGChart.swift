/// The report's charts: pure functions from figures to inline SVG text (no script, no external reference), so
/// the same figures always give the same bytes. Labels are escaped; sizes are in CSS pixels and the charts
/// scale down to the page width (`viewBox`).
public enum SVGChart {
    /// One bar of ``bars(_:title:width:)``: a label, the length's figure and the text printed after the bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var text: String

        public init(label: String, value: Double, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    /// One level of ``butterfly(_:title:leftTitle:rightTitle:width:)``: a share drawn to the left and one to the
    /// right of the centre line.
    public struct Wing: Sendable, Equatable {
        public var label: String
        public var left: Double
        public var right: Double

        public init(label: String, left: Double, right: Double) {
            self.label = label
            self.left = left
            self.right = right
        }
    }

    static let rowHeight = 22.0
    static let labelWidth = 110.0

    /// Horizontal bars, longest = the largest value; negative or non-finite values draw no bar.
    public static func bars(_ bars: [Bar], title: String, width: Double = 420) -> String {
        let textWidth = 90.0
        let span = width - labelWidth - textWidth
        let largest = bars.map(\.value).filter(\.isFinite).max() ?? 0
        let height = Double(bars.count) * rowHeight + 8
        var out = open(width: width, height: height, title: title)
        for (row, bar) in bars.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let length = largest > 0 && bar.value.isFinite ? max(bar.value, 0) / largest * span : 0
            out += text(bar.label, x: labelWidth - 6, y: y + 15, anchor: "end")
            out += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(length))\" height=\"16\" "
            out += "fill=\"\(Palette.bar)\"/>"
            out += text(bar.text, x: labelWidth + length + 4, y: y + 15, anchor: "start")
        }
        return out + "</svg>"
    }

    /// A pyramid drawn both ways from a centre line: the left share (e.g. of customers) and the right share (of
    /// spend) of each level, shares in 0...1, each wing the full half-width at 100%.
    public static func butterfly(
        _ wings: [Wing], title: String, leftTitle: String, rightTitle: String, width: Double = 420
    ) -> String {
        let half = (width - labelWidth) / 2 - 40
        let centre = labelWidth + 40 + half
        let height = Double(wings.count) * rowHeight + 26
        var out = open(width: width, height: height, title: title)
        out += text(leftTitle, x: centre - 6, y: 13, anchor: "end", style: "axis")
        out += text(rightTitle, x: centre + 6, y: 13, anchor: "start", style: "axis")
        for (row, wing) in wings.enumerated() {
            let y = 20 + Double(row) * rowHeight
            let left = clamp(wing.left) * half
            let right = clamp(wing.right) * half
            out += text(wing.label, x: labelWidth - 6, y: y + 15, anchor: "end")
            out += "<rect x=\"\(n(centre - left))\" y=\"\(n(y + 3))\" width=\"\(n(left))\" height=\"16\" "
            out += "fill=\"\(Palette.bar)\"/>"
            out += "<rect x=\"\(n(centre))\" y=\"\(n(y + 3))\" width=\"\(n(right))\" height=\"16\" "
            out += "fill=\"\(Palette.accent)\"/>"
            out += text(ReportFormat.percent(wing.left), x: centre - left - 4, y: y + 15, anchor: "end")
            out += text(ReportFormat.percent(wing.right), x: centre + right + 4, y: y + 15, anchor: "start")
        }
        out += "<line x1=\"\(n(centre))\" y1=\"18\" x2=\"\(n(centre))\" y2=\"\(n(height))\" "
        out += "stroke=\"\(Palette.axis)\"/>"
        return out + "</svg>"
    }

    // MARK: - Shared pieces

    /// The opening tag with a title for screen readers.
    static func open(width: Double, height: Double, title: String) -> String {
        "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
    }

    /// A text element; `style` is a class of the page's stylesheet.
    static func text(_ value: String, x: Double, y: Double, anchor: String, style: String? = nil) -> String {
        let type = style.map { " class=\"\($0)\"" } ?? ""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(type)>\(HTML.escape(value))</text>"
    }

    /// A coordinate with one decimal, no grouping: `12.5`.
    static func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    static func clamp(_ share: Double) -> Double { share.isFinite ? min(max(share, 0), 1) : 0 }
}
