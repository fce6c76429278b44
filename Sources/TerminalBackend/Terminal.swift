import CNcurses
import CTerminalSupport
import ConvvizUI
import Glibc

/// Why the interactive screen cannot start.
public struct TerminalError: Error, CustomStringConvertible {
    /// What is wrong, in the user's words.
    public let description: String
}

/// The only code that talks to ncurses: sets the terminal up, reads keys, mouse and resizes, draws cell
/// grids (only the cells that changed), and always gives the terminal back sane.
public final class Terminal: TerminalDevice {
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    private let colors: ColorPairs?
    private var shown: CellGrid?
    /// Whether the locale can show Unicode; if not (`LC_ALL=C`), grids are drawn with ASCII stand-ins.
    private let unicode: Bool
    private var isOpen = true

    /// Opens the terminal; refuses a non-terminal stdin/stdout and terminals without cursor addressing.
    public init(color: Bool) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1 else {
            throw TerminalError(
                description:
                    "standard input is not a terminal; the interactive visualiser needs one (try `convviz compute PRESET` for text output)"
            )
        }
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(
                description:
                    "standard output is not a terminal; the interactive visualiser needs one (try `convviz compute PRESET` or `convviz render PRESET`)"
            )
        }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            throw TerminalError(
                description: "TERM is not set; set it to your terminal type (for example TERM=xterm-256color)")
        }
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        var status: Int32 = 0
        if setupterm(term, STDOUT_FILENO, &status) != OK || status != 1 {
            throw TerminalError(
                description:
                    "unknown terminal type TERM=\(term); set TERM to your terminal (for example xterm-256color)")
        }
        let cursorAddressing = tigetstr("cup")
        if cursorAddressing == nil || Int(bitPattern: cursorAddressing) == -1 {
            throw TerminalError(
                description:
                    "the terminal TERM=\(term) cannot move the cursor, so the visualiser cannot draw; use a full terminal (for example TERM=xterm-256color), or `convviz compute PRESET`"
            )
        }
        let drawnTerm = color ? Self.directColorVariant(of: term) : term
        convviz_install_restore_handlers()
        guard let screen = newterm(drawnTerm, convviz_stdout(), convviz_stdin()) else {
            throw TerminalError(description: "cannot start the terminal TERM=\(term)")
        }
        self.screen = screen
        set_term(screen)
        guard let window = convviz_stdscr() else {
            endwin()
            throw TerminalError(description: "cannot start the terminal TERM=\(term)")
        }
        self.window = window
        cbreak()
        noecho()
        nonl()
        // Ctrl-C, Ctrl-S and Ctrl-Q are keys (the app asks before losing edits); ncurses keeps these settings.
        _ = convviz_keys_not_signals()
        def_prog_mode()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        mousemask(
            convviz_button1_pressed() | convviz_button1_clicked() | convviz_button1_released()
                | convviz_button4_pressed() | convviz_button5_pressed(), nil)
        mouseinterval(0)
        if color && has_colors() {
            start_color()
            use_default_colors()
            colors = ColorPairs(available: Int(convviz_colors()), pairs: Int(convviz_color_pairs()))
        } else {
            colors = nil
        }
    }

    deinit { close() }

    /// The colours the screen is drawn in: 24-bit on a direct-colour terminal description, the 256-colour
    /// palette, the basic colours, or none (NO_COLOR, monochrome terminals).
    public var colorDepth: ColorDepth { colors?.depth ?? .none }

    /// The direct-colour description of `term` (`xterm-256color` → `xterm-direct`) when $COLORTERM
    /// announces 24-bit colour and this system has it; `term` otherwise. ncurses can only send 24-bit
    /// colours through a terminal description that has them.
    static func directColorVariant(of term: String) -> String {
        guard let announced = getenv("COLORTERM").map({ String(cString: $0).lowercased() }),
            announced == "truecolor" || announced == "24bit", !term.hasSuffix("-direct")
        else { return term }
        let base = term.split(separator: "-").first.map(String.init) ?? term
        let variant = base + "-direct"
        var status: Int32 = 0
        guard setupterm(variant, STDOUT_FILENO, &status) == OK, status == 1 else {
            _ = setupterm(term, STDOUT_FILENO, &status)
            return term
        }
        return variant
    }

    /// Gives the terminal back: leaves the alternate screen, restores the modes.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        delscreen(screen)
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Whether the terminal hung up (SIGHUP, or its input closed): the app ends as if its input closed, and
    /// the caller can keep unsaved edits.
    public var hungUp: Bool { inputClosed || convviz_hangup_received() != 0 }
    private var inputClosed = false

    public func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent {
        if hungUp { return .endOfInput }
        if let event = readPending() { return event }
        let ready = convviz_wait_for_input(Int32(clamping: timeoutMilliseconds))
        if hungUp { return .endOfInput }
        switch ready {
        case -1:
            inputClosed = true
            return .endOfInput
        case 2:
            if let event = readPending() { return event }
            inputClosed = true
            return .endOfInput
        default: return readPending() ?? .timeout
        }
    }

    /// One event ncurses already has, if any (never blocks).
    private func readPending() -> TerminalEvent? {
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            return functionKey(Int32(character))
        }
        return Self.key(forCharacter: UInt32(character)).map { .input(.key($0)) } ?? nil
    }

    private func functionKey(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_RESIZE:
            shown = nil
            return .input(.resize(width: size.width, height: size.height))
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let x = Int(event.x), y = Int(event.y)
            if event.bstate & convviz_button4_pressed() != 0 { return .input(.wheel(x: x, y: y, delta: 1)) }
            if event.bstate & convviz_button5_pressed() != 0 { return .input(.wheel(x: x, y: y, delta: -1)) }
            if event.bstate & (convviz_button1_pressed() | convviz_button1_clicked()) != 0 {
                return .input(.click(x: x, y: y))
            }
            return nil
        case KEY_UP: return .input(.key(.up))
        case KEY_DOWN: return .input(.key(.down))
        case KEY_LEFT: return .input(.key(.left))
        case KEY_RIGHT: return .input(.key(.right))
        case KEY_HOME: return .input(.key(.home))
        case KEY_END: return .input(.key(.end))
        case KEY_PPAGE: return .input(.key(.pageUp))
        case KEY_NPAGE: return .input(.key(.pageDown))
        case KEY_ENTER: return .input(.key(.enter))
        case KEY_BACKSPACE: return .input(.key(.backspace))
        case KEY_DC: return .input(.key(.delete))
        case KEY_BTAB: return .input(.key(.backTab))
        default: return nil
        }
    }

    static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code), code >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }

    public func draw(_ grid: CellGrid) {
        let grid = unicode ? grid : grid.asciiOnly()
        if shown?.width != grid.width || shown?.height != grid.height {
            werase(window)
            shown = nil
        }
        for position in grid.changes(since: shown) {
            let cell = grid.cells[position]
            if cell.isWideTail { continue }
            put(cell, x: Int32(position % grid.width), y: Int32(position / grid.width))
        }
        if let colors, colors.recycled {
            // Colour pairs were reused: cells drawn earlier may have changed colour, so draw them all again.
            colors.clearRecycled()
            for position in grid.cells.indices {
                put(grid.cells[position], x: Int32(position % grid.width), y: Int32(position / grid.width))
            }
        }
        shown = grid
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int32, y: Int32) {
        var attributes: attr_t = 0
        if cell.style.bold { attributes |= convviz_a_bold() }
        if cell.style.reverse { attributes |= convviz_a_reverse() }
        if cell.style.underline { attributes |= convviz_a_underline() }
        if cell.style.dim { attributes |= convviz_a_dim() }
        let pair = colors?.pair(foreground: cell.style.foreground, background: cell.style.background) ?? 0
        var wide = Array(String(cell.character).unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }) + [0]
        var complex = cchar_t()
        var extendedPair = pair
        setcchar(&complex, &wide, attributes, Int16(clamping: pair), &extendedPair)
        mvwadd_wch(window, y, x, &complex)
    }
}
