/// Building blocks of the report page: escaping and the tables every section prints its numbers in.
///
/// The page is XHTML-valid (it parses as XML): every element closes, void elements self-close, and text goes
/// through ``escape(_:)``, so a customer named `<b>&"Co"` prints as written and never as markup.
public enum HTML {
    /// Text safe inside an element or a quoted attribute: `&`, `<`, `>`, `"` and `'` become entities, and control
    /// characters XML forbids are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 allows no other C0 control character, nor U+FFFE/U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One table cell: its text, and whether it is a figure (right-aligned, tabular digits).
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var numeric: Bool
        /// Extra class, e.g. `muted` for an immature cohort cell.
        public var style: String?

        public init(_ text: String, numeric: Bool = false, style: String? = nil) {
            self.text = text
            self.numeric = numeric
            self.style = style
        }

        /// A right-aligned figure.
        public static func figure(_ text: String, style: String? = nil) -> Cell {
            Cell(text, numeric: true, style: style)
        }
    }

    /// A table with a header row; `id` names it for readers and tests (`data-table`).
    public static func table(id: String, caption: String? = nil, header: [String], rows: [[Cell]]) -> String {
        var out = "<table data-table=\"\(escape(id))\">"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for cell in row {
                let classes = [cell.numeric ? "num" : nil, cell.style].compactMap { $0 }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(escape(cell.text))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// A section of the page: heading, a one-line summary, then the chart beside (or above) its table.
    public static func section(id: String, title: String, summary: String?, chart: String?, tables: [String])
        -> String
    {
        var out = "<section id=\"\(escape(id))\"><h2>\(escape(title))</h2>"
        if let summary { out += "<p class=\"summary\">\(escape(summary))</p>" }
        out += "<div class=\"pair\">"
        if let chart { out += "<div class=\"chart\">\(chart)</div>" }
        out += "<div class=\"numbers\">" + tables.joined() + "</div></div></section>"
        return out
    }

    /// A paragraph saying why a section has nothing to show.
    public static func note(_ text: String) -> String { "<p class=\"note\">\(escape(text))</p>" }
}
