/// The report as one self-contained XHTML page: inline CSS and SVG, no script, nothing fetched, laid out for a
/// screen and for A4 paper (on paper no section splits across pages: Chromium does not keep a heading with what
/// follows it, so letting sections split left headings alone at the foot of a page). The prose is English (`lang="en"`); names are often Chinese, so the font stack starts
/// with Simplified Chinese faces (on Linux, macOS and Windows), which also gives their Han glyphs the SC forms.
public enum ReportPage {
    /// The page of `data`. The same data gives the same bytes.
    public static func render(_ data: ReportData) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        out += "<meta name=\"generator\" content=\"outpost report\"/>"
        out += "<title>\(HTML.escape(data.header.title))</title><style>\(stylesheet)</style></head><body>"
        out += body(data)
        return out + "</body></html>\n"
    }

    /// The sections in reading order; a section absent from the data is left out.
    static func body(_ data: ReportData) -> String {
        [
            data.header.html, data.pyramid.html, data.rfm.html, data.lifecycle.html, data.watchlist.html,
            data.cohorts.html, data.clv.html, data.campaigns?.html,
            // Forecast and stock warnings go here when the data has them.
            data.sync.html,
        ].compactMap { $0 }.joined(separator: "\n")
    }

    static let stylesheet = """
        :root { color-scheme: light; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
          "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
          color: #1a1a1a; background: #ffffff; margin: 24px auto; max-width: 1120px; padding: 0 16px;
          font-size: 14px; line-height: 1.4; }
        h1 { font-size: 22px; margin: 0 0 12px; }
        h2 { font-size: 17px; margin: 0 0 4px; border-bottom: 2px solid #3b6ea8; padding-bottom: 2px; }
        section, header { margin: 0 0 28px; break-inside: avoid; page-break-inside: avoid; }
        .summary, .note { color: #444444; margin: 4px 0 10px; max-width: 900px; }
        .pair { display: flex; flex-wrap: wrap; gap: 16px 28px; align-items: flex-start; }
        .chart svg { max-width: 100%; height: auto; display: block; }
        .small-multiples { display: flex; flex-wrap: wrap; gap: 8px 16px; max-width: 700px; }
        .numbers { flex: 1 1 340px; min-width: 0; }
        table { border-collapse: collapse; margin: 0 0 10px; font-size: 12.5px; }
        caption { text-align: left; color: #444444; padding: 0 0 3px; font-size: 12px; }
        th, td { padding: 2px 8px; border-bottom: 1px solid #dddddd; text-align: left; vertical-align: top; }
        th { background: #eef3fa; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.muted { color: #6b6b6b; background: #eeeeee; }
        td.warn { color: #9a4d00; font-weight: 600; }
        svg text { font-size: 12px; fill: #1a1a1a; }
        svg text.axis { fill: #444444; font-size: 11px; }
        svg text.small { font-size: 10.5px; fill: #333333; }
        svg text.on-dark { fill: #ffffff; }
        .campaign { margin: 0 0 14px; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { margin: 0; max-width: none; padding: 0; font-size: 11px; }
          h1 { font-size: 18px; }
          table { font-size: 10px; }
          th, td { padding: 1px 5px; }
          .chart svg { max-width: 180mm; }
        }
        """
}
