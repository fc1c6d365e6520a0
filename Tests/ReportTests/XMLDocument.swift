import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XHTML page or SVG, as much of it as the tests read: element names, attributes, and the cell texts of
/// each `data-table`. Parsing fails on anything that is not well-formed XML.
final class ParsedXML: NSObject, XMLParserDelegate {
    private(set) var elements: [String] = []
    private(set) var attributes: [(element: String, name: String, value: String)] = []
    /// Per `data-table` id, the body rows' cell texts.
    private(set) var tables: [String: [[String]]] = [:]
    private(set) var text = ""
    private var table: String?
    private var inBody = false
    private var cell: String?
    private var row: [String] = []

    init(_ source: String) throws {
        super.init()
        // The parser wants no DOCTYPE it cannot resolve; HTML5's is the bare `<!DOCTYPE html>`.
        let parser = XMLParser(data: Data(source.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw ParseError.invalid(parser.parserError.map { "\($0)" } ?? "?", parser.lineNumber)
        }
    }

    enum ParseError: Error { case invalid(String, Int) }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(name)
        for (key, value) in attributes { self.attributes.append((name, key, value)) }
        switch name {
        case "table": table = attributes["data-table"]
        case "tbody": inBody = true
        case "tr": row = []
        case "td", "th": cell = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
        if cell != nil { cell! += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "td", "th":
            row.append(cell ?? "")
            cell = nil
        case "tr":
            if inBody, let table { tables[table, default: []].append(row) }
        case "tbody": inBody = false
        case "table": table = nil
        default: break
        }
    }
}
