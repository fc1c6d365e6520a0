extension SVGChart {
    /// One cell of a grid chart: its shade on the ramp (0...1, nil for none), the lines printed in it, and
    /// whether it is not known yet (greyed, e.g. a cohort month not over).
    public struct GridCell: Sendable, Equatable {
        public var shade: Double?
        public var lines: [String]
        public var immature: Bool

        public init(shade: Double?, lines: [String], immature: Bool = false) {
            self.shade = shade
            self.lines = lines
            self.immature = immature
        }
    }

    /// A heatmap: `values[row][column]` shaded from the smallest to the largest finite value present (nil cells
    /// stay blank), each cell printing its `labels`.
    public static func heatmap(
        values: [[Double?]], labels: [[[String]]], rowLabels: [String], columnLabels: [String], title: String,
        rowTitle: String, columnTitle: String
    ) -> String {
        let present = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let low = present.min() ?? 0
        let high = present.max() ?? 0
        let cells = values.enumerated().map { row, line in
            line.enumerated().map { column, value in
                GridCell(
                    shade: value.map { high > low ? ($0 - low) / (high - low) : 0.5 },
                    lines: labels[row][column])
            }
        }
        return grid(
            cells, rowLabels: rowLabels, columnLabels: columnLabels, title: title, rowTitle: rowTitle,
            columnTitle: columnTitle, cellWidth: 66)
    }

    /// A cohort triangle: one row per cohort, one column per month since the first order, each cell the share
    /// retained (0...1) printed as a percent; `nil` beyond the data (blank); immature cells greyed, their share printed.
    public static func triangle(
        shares: [[Double?]], immature: [[Bool]], rowLabels: [String], columnLabels: [String], title: String
    ) -> String {
        let cells = shares.enumerated().map { row, line in
            line.enumerated().map { column, share -> GridCell in
                guard let share else { return GridCell(shade: nil, lines: []) }
                let text = [ReportFormat.decimal(share * 100, places: 0)]
                if immature[row][column] { return GridCell(shade: nil, lines: text, immature: true) }
                return GridCell(shade: share, lines: text)
            }
        }
        return grid(
            cells, rowLabels: rowLabels, columnLabels: columnLabels, title: title, rowTitle: "first order",
            columnTitle: "months after (% still buying)", cellWidth: 30)
    }

    /// The grid both charts draw: row labels on the left, column labels on top, titles of both axes.
    static func grid(
        _ cells: [[GridCell]], rowLabels: [String], columnLabels: [String], title: String, rowTitle: String,
        columnTitle: String, cellWidth: Double
    ) -> String {
        let left = 70.0
        let top = 34.0
        let cellHeight = cells.first?.first.map { $0.lines.count > 1 ? 40.0 : 22.0 } ?? 22
        let columns = columnLabels.count
        let width = left + Double(columns) * cellWidth + 4
        let height = top + Double(cells.count) * cellHeight + 4
        var out = open(width: width, height: height, title: title)
        out += text(columnTitle, x: left, y: 11, anchor: "start", style: "axis")
        out += text(rowTitle, x: left - 6, y: 28, anchor: "end", style: "axis")
        for (column, label) in columnLabels.enumerated() {
            out += text(label, x: left + (Double(column) + 0.5) * cellWidth, y: 28, anchor: "middle")
        }
        for (row, line) in cells.enumerated() {
            let y = top + Double(row) * cellHeight
            out += text(rowLabels[row], x: left - 6, y: y + cellHeight / 2 + 4, anchor: "end")
            for (column, cell) in line.enumerated() {
                let x = left + Double(column) * cellWidth
                let fill =
                    cell.immature ? Palette.immature : cell.shade.map(Palette.ramp) ?? Palette.empty
                out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellWidth - 2))\" "
                out += "height=\"\(n(cellHeight - 2))\" fill=\"\(fill)\"/>"
                let dark = cell.shade.map(Palette.isDark) ?? false
                for (index, value) in cell.lines.enumerated() {
                    let baseline =
                        y + (cellHeight - 2) / 2 + 4 + (Double(index) - Double(cell.lines.count - 1) / 2) * 14
                    out += text(
                        value, x: x + (cellWidth - 2) / 2, y: baseline, anchor: "middle",
                        style: index == 0 ? (dark ? "on-dark" : nil) : (dark ? "small on-dark" : "small"))
                }
            }
        }
        return out + "</svg>"
    }
}
