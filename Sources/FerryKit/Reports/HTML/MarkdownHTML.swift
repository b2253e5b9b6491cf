import Foundation

/// The small Markdown subset Ferry's reports use, as HTML: `#` headings, pipe tables (with
/// `---:` alignment), `- ` lists, paragraphs, `**bold**`, `` `code` `` and images. An image
/// whose target is one of `inline` (file name → SVG text) is replaced by that SVG, so the
/// page needs no other file.
enum MarkdownHTML {
    /// Converts `markdown`; `inlined` collects the names of the SVGs placed.
    static func render(_ markdown: String, inline svgs: [String: String], inlined: inout Set<String>) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: [String] = []
        var table: [[String]] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + paragraph.map { span($0) }.joined(separator: " ") + "</p>\n"; paragraph = [] }
            if !list.isEmpty { out += "<ul>\n" + list.map { "<li>" + span($0) + "</li>\n" }.joined() + "</ul>\n"; list = [] }
            if !table.isEmpty { out += tableHTML(table); table = [] }
        }
        var fence: [String]?
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if let code = fence {
                    out += "<pre><code>" + HTMLText.escape(code.joined(separator: "\n")) + "</code></pre>\n"
                    fence = nil
                } else {
                    flush()
                    fence = []
                }
                continue
            }
            if fence != nil { fence!.append(line); continue }
            if trimmed.isEmpty { flush(); continue }
            if trimmed.hasPrefix("> ") || trimmed == ">" {
                flush()
                out += "<blockquote>" + span(String(trimmed.dropFirst(trimmed == ">" ? 1 : 2))) + "</blockquote>\n"
                continue
            }
            if trimmed.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { let t = table; table = []; flush(); table = t }
                table.append(cells(trimmed))
                continue
            }
            if !table.isEmpty { flush() }
            if let level = headingLevel(trimmed) {
                flush()
                let text = String(trimmed.dropFirst(level + 1))
                out += "<h\(level + 1) id=\"\(anchor(text))\">\(span(text))</h\(level + 1)>\n"
            } else if trimmed.hasPrefix("!["), let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
                flush()
                let target = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
                let alt = String(trimmed.dropFirst(2).prefix { $0 != "]" })
                if let svg = svgs[target] {
                    out += figure(name: target, caption: alt, svg: svg)
                    inlined.insert(target)
                } else {
                    out += "<p>[\(HTMLText.escape(alt)): \(HTMLText.escape(target))]</p>\n"
                }
            } else if trimmed.hasPrefix("- ") {
                if !paragraph.isEmpty { let l = list; list = []; flush(); list = l }
                list.append(String(trimmed.dropFirst(2)))
            } else {
                if !list.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        if let code = fence { out += "<pre><code>" + HTMLText.escape(code.joined(separator: "\n")) + "</code></pre>\n" }
        return out
    }

    /// A chart in a figure; the SVG's XML prolog (if any) is dropped.
    static func figure(name: String, caption: String, svg: String) -> String {
        var body = svg
        if body.hasPrefix("<?xml"), let end = body.range(of: "?>") { body = String(body[end.upperBound...]) }
        return "<figure class=\"chart\" data-chart=\"\(HTMLText.escape(name))\">\n\(body.trimmingCharacters(in: .whitespacesAndNewlines))\n<figcaption>\(HTMLText.escape(caption)) (\(HTMLText.escape(name)))</figcaption>\n</figure>\n"
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 5, line.dropFirst(hashes).hasPrefix(" ") else { return nil }
        return hashes
    }

    static func cells(_ line: String) -> [String] {
        var s = line
        if s.hasPrefix("|") { s.removeFirst() }
        if s.hasSuffix("|") { s.removeLast() }
        return s.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func tableHTML(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var alignRow: [String] = []
        var body = Array(rows.dropFirst())
        if let second = body.first, second.allSatisfy({ $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty }) {
            alignRow = second
            body.removeFirst()
        }
        func align(_ i: Int) -> String { i < alignRow.count && alignRow[i].hasSuffix(":") ? " class=\"num\"" : "" }
        var out = "<table>\n<thead><tr>" + header.enumerated().map { "<th\(align($0.offset))>\(span($0.element))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in body { out += "<tr>" + r.enumerated().map { "<td\(align($0.offset))>\(span($0.element))</td>" }.joined() + "</tr>\n" }
        return out + "</tbody>\n</table>\n"
    }

    /// Inline markup: escape, then `code`, **bold**.
    static func span(_ text: String) -> String {
        var s = HTMLText.escape(text)
        s = replacePairs(s, marker: "`", open: "<code>", close: "</code>")
        s = replacePairs(s, marker: "**", open: "<strong>", close: "</strong>")
        return s
    }

    static func replacePairs(_ s: String, marker: String, open: String, close: String) -> String {
        let parts = s.components(separatedBy: marker)
        guard parts.count >= 3 else { return s }
        var out = parts[0]
        for (i, part) in parts.dropFirst().enumerated() {
            let isOpen = i % 2 == 0
            if isOpen && i == parts.count - 2 { out += marker + part; continue }  // unmatched last marker
            out += (isOpen ? open : close) + part
        }
        return out
    }

    static func anchor(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}

/// HTML escaping: the same entities as the SVG writers' `esc` (`&amp; &lt; &gt; &quot; &apos;`),
/// which are valid in HTML5 text and attributes alike.
enum HTMLText {
    static func escape(_ s: String) -> String { esc(s) }
}
