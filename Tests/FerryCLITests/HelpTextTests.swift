import ArgumentParser
import Testing
@testable import ferry

/// Every command's `--help` at 80 columns: no default said twice, and prose wrapped by the parser
/// (paragraphs), not by hard line breaks that leave ragged lines.
@Suite("help texts")
struct HelpTextTests {
    /// Every command and subcommand, depth first.
    static let commands: [ParsableCommand.Type] = {
        var all: [ParsableCommand.Type] = []
        func visit(_ command: ParsableCommand.Type) {
            all.append(command)
            command.configuration.subcommands.forEach(visit)
        }
        visit(Ferry.self)
        return all
    }()

    static func help(_ command: ParsableCommand.Type) -> String {
        Ferry.helpMessage(for: command, columns: 80)
    }

    /// An option's help block runs from its flag line to the next flag line; the parser appends
    /// "(default: …)" itself, so a help string that also says "default" says it twice.
    @Test func noDefaultIsStatedTwice() {
        for command in Self.commands {
            let help = Self.help(command)
            let options = help.range(of: "OPTIONS:").map { String(help[$0.upperBound...]) } ?? ""
            let blocks = options.components(separatedBy: "\n  -")
            for block in blocks {
                let defaults = block.components(separatedBy: "(default").count - 1
                #expect(defaults <= 1, "\(command.configuration.commandName ?? "ferry"): \(block)")
            }
        }
    }

    /// Lines of `text` after which the next line's first word would have fitted: the greedy
    /// wrap at 80 columns (the parser breaks at 79) never leaves that, a hard break does.
    /// Indented lines (option and subcommand lists), example command lines (`ferry …`) and the
    /// usage line are left out.
    static func raggedBreaks(in text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        return zip(lines, lines.dropFirst()).compactMap { line, next in
            guard !line.isEmpty, !next.isEmpty, !line.hasPrefix("USAGE"), !line.hasPrefix(" "),
                  !next.hasPrefix(" "), !line.hasPrefix("ferry "), !next.hasPrefix("ferry "),
                  let word = next.split(separator: " ").first
            else { return nil }
            return line.count + 1 + word.count <= 78 ? line : nil
        }
    }

    @Test func proseIsWrappedByTheParser() {
        for command in Self.commands {
            let ragged = Self.raggedBreaks(in: Self.help(command))
            #expect(ragged.isEmpty, "\(command.configuration.commandName ?? "ferry"): ragged breaks after \(ragged)")
        }
    }

    /// The detector finds a paragraph broken by hand at 60 columns and passes the same words
    /// wrapped greedily at 79.
    @Test func raggedBreakDetector() {
        let words = Array(repeating: "migration", count: 30)
        func wrap(at width: Int) -> String {
            var lines: [String] = [], line = ""
            for word in words {
                if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
                line += line.isEmpty ? word : " " + word
            }
            return (lines + [line]).joined(separator: "\n")
        }
        #expect(Self.raggedBreaks(in: wrap(at: 60)).count == 4)  // 30 words, 6 per 59-column line: 5 lines, 4 breaks
        #expect(Self.raggedBreaks(in: wrap(at: 79)).isEmpty)     // 8 per 79-column line: no next word fits
    }
}
