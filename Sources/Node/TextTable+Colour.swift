extension TextTable {
    /// Renders like ``render()``, passing each padded cell through `colour(row, column, cell)` (row 0 is the
    /// header): widths are measured before any escape code is added, so colour never skews alignment.
    public func render(colour: (_ row: Int, _ column: Int, _ cell: String) -> String) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        return all.enumerated().map { rowIndex, row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - Self.displayWidth(cell)))
                let padded: String
                if index == row.count - 1 && !rightAligned.contains(index) {
                    padded = cell
                } else {
                    padded = rightAligned.contains(index) ? padding + cell : cell + padding
                }
                return colour(rowIndex, index, padded)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
