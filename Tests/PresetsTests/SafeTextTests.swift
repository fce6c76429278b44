import Foundation
import Presets
import Testing

/// Hostile text (issue 11, items 1 and 2): inert in exported scripts, visible (never obeyed) on terminals,
/// measured in terminal columns.
struct SafeTextTests {
    @Test func pythonLiteralsEscapeEveryLineBreakQuoteAndControl() {
        #expect(SafeText.pythonLiteral("plain") == "'plain'")
        #expect(SafeText.pythonLiteral("a\rimport os  #") == "'a\\rimport os  #'")
        #expect(SafeText.pythonLiteral("\n\u{0C}\u{0B}\0") == "'\\n\\x0c\\x0b\\x00'")
        #expect(SafeText.pythonLiteral("\u{85}\u{2028}\u{2029}") == "'\\x85\\u2028\\u2029'")
        #expect(SafeText.pythonLiteral("\\ ' \" '''") == "'\\\\ \\' \\\" \\'\\'\\''")
        #expect(SafeText.pythonLiteral("\u{1B}\u{7F}é宽🎉") == "'\\x1b\\x7f\\xe9\\u5bbd\\U0001f389'")
    }

    @Test func pythonLiteralsArePrintableASCIIOnOneLine() {
        let hostile = (0..<0x300).compactMap(Unicode.Scalar.init).map(String.init).joined() + "\u{2028}\u{2029}\u{FEFF}"
        let literal = SafeText.pythonLiteral(hostile)
        #expect(literal.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
        // The only unescaped quotes are the two that delimit it.
        let body = literal.dropFirst().dropLast()
        var escaped = false
        for character in body {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                #expect(character != "'")
            }
        }
        #expect(!escaped)
    }

    @Test func theExportedScriptCarriesPresetTextOnlyAsALiteral() throws {
        let text = """
            name: "Harmless blur\\rimport os; os.system('id')  #\\0\\u2028\\x85\\f\\v'''\\\\"
            input: [[1, 2], [3, 4]]
            kernel: [[1]]
            """
        let script = TorchExport.script(try PresetLoader.parse(text, file: "evil.yaml"))
        #expect(script.unicodeScalars.allSatisfy { $0 == "\n" || (0x20...0x7E).contains($0.value) })
        let nameLines = script.split(separator: "\n").filter { $0.contains("Harmless") }
        let literal = "'Harmless blur\\rimport os; os.system(\\'id\\')  #\\x00\\u2028\\x85\\x0c\\x0b\\'\\'\\'\\\\'"
        #expect(nameLines.map(String.init) == ["preset_name = " + literal])
        #expect(!script.contains("\r") && !script.contains("\0"))
    }

    @Test func terminalTextShowsControlsVisibly() {
        #expect(SafeText.terminal("title\u{1B}]0;pwned\u{07}") == "title\\e]0;pwned\\u{7}")
        #expect(SafeText.terminal("a\rb\nc\td\0") == "a\\rb\\nc\\td\\0")
        #expect(SafeText.terminal("a\nb", keepingNewlines: true) == "a\nb")
        #expect(SafeText.terminal("\u{7F}\u{85}\u{9B}31m") == "\\u{7F}\\u{85}\\u{9B}31m")
        #expect(
            SafeText.terminal("\u{202E}gnp.exe\u{2066}\u{200F}\u{2028}")
                == "\\u{202E}gnp.exe\\u{2066}\\u{200F}\\u{2028}")
        #expect(SafeText.terminal("plain é 宽 🎉 \\e") == "plain é 宽 🎉 \\e")
        let leaking = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init).filter { scalar in
            SafeText.terminal(String(scalar)).unicodeScalars.contains(where: SafeText.isUnsafe)
        }
        #expect(leaking.isEmpty)
    }

    @Test func jsonLiteralsReadBackAndCarryNoControls() throws {
        let hostile = "a\"b\\c\n\r\t\u{1B}]0;x\u{07}\u{7F}\u{9B}\u{202E}\u{2028}é宽🎉"
        let literal = SafeText.jsonLiteral(hostile)
        #expect(!literal.unicodeScalars.contains(where: SafeText.isUnsafe))
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [hostile])
    }

    @Test func widthsFollowWcwidth() {
        #expect(SafeText.width("abc") == 3)
        #expect(SafeText.width("宽字符") == 6)
        #expect(SafeText.width("e\u{301}\u{301}") == 1)
        #expect(SafeText.width("\u{301}") == 0)
        #expect(SafeText.width("a\u{200B}b") == 2)
        #expect(SafeText.width("🎉") == 2)
        #expect(SafeText.width("한글") == 4)
        #expect(SafeText.width("ｆｕｌｌ") == 8)
        #expect(SafeText.width("\u{1B}") == 0)
        #expect(SafeText.prefix("ab宽c", columns: 3) == "ab")
        #expect(SafeText.prefix("ab宽c", columns: 4) == "ab宽")
    }
}
