#!/usr/bin/env bash
# End-to-end tests of the real convviz binary in tmux: start, type, change stride, resize, quit,
# signals, and refusal of non-terminals. Usage: Tests/EndToEnd/run.sh [path/to/convviz]
set -u
BIN=$(realpath "${1:-.build/debug/convviz}")
SOCKET="convviz-e2e-$$"
T="tmux -L $SOCKET -f /dev/null"
WORK=$(mktemp -d)
passed=0
failed=0
trap '$T kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; echo "--- screen:"; screen | sed 's/^/    /'; echo "---"; }
screen() { $T capture-pane -p -t e2e 2>/dev/null; }

# Waits (up to 10 s) until the screen contains a fixed string (runs of spaces count as one).
wait_for() {
    local needle
    needle=$(tr -s ' ' <<<"$1")
    for _ in $(seq 100); do
        screen | tr -s ' ' | grep -qF -- "$needle" && return 0
        sleep 0.1
    done
    return 1
}
check() { if wait_for "$2"; then pass "$1"; else fail "$1 (expected: $2)"; fi; }
check_absent() { sleep 0.3; if screen | grep -qF -- "$2"; then fail "$1 (unexpected: $2)"; else pass "$1"; fi; }

# A session that outlives the others: killing the last session stops the tmux server, and a new session started
# while it shuts down fails ("server exited unexpectedly").
$T new-session -d -s keep "sleep 3600"

# Starts convviz in a fresh 100x30 session; after it exits the shell prints its status and the tty modes.
start() {
    $T kill-session -t e2e 2>/dev/null
    $T new-session -d -s e2e -x 100 -y 30 \
        "cd '$WORK'; ulimit -c 0; trap : INT; $* ; status=\$?; echo \"EXIT=\$status TTY: \$(stty -a | tr -s ' ;\n' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' ')\"; sleep 60"
}
# The pid of the convviz running in the session.
app_pid() {
    for _ in $(seq 50); do
        pgrep -P "$($T list-panes -t e2e -F '#{pane_pid}')" -x convviz && return 0
        sleep 0.1
    done
}
tty_sane() { wait_for "TTY: " && screen | grep -qE 'TTY:.* icanon( |$)' && screen | grep -qE 'TTY:.* echo( |$)'; }

# 1. The default preset's output is on screen.
start "$BIN"
check "starts on the PyTorch example" "output (1, 1, 5, 5)"
check "shows the seed output" "14 13  9  7  4"
check "shows the input title" "input (1, 1, 5, 5)"
check "shows the output-size formula" "H_out = ⌊(5 + 1 + 1 − 1·(3−1) − 1) / 1⌋ + 1 = 5"

# 2. Typing a new input value (input[0,0] = 7) updates the output at once.
$T send-keys -t e2e 7 Enter
check "an edit shows the new outputs" "17 16] 11 9 5"
check "the arithmetic line follows the edit" "1·7"

# 3. Stride 2 on both axes.
$T send-keys -t e2e s
check "stride 2 changes the output shape" "output (1, 1, 3, 3)"
check "stride 2 output formula" "/ 2⌋ + 1 = 3"

# 4. An invalid combination is explained and recovered from.
$T send-keys -t e2e : "padding same" Enter
check "padding same with stride 2 is refused" "padding 'same' is not supported for strided convolutions"
$T send-keys -t e2e S
check "back to stride 1 recovers" "output (1, 1, 5, 5)"

# 5. Resizing, down to too small and back.
$T resize-window -t e2e -x 60 -y 20
check "redraws at 60x20" "output (1, 1, 5, 5)"
$T resize-window -t e2e -x 20 -y 8
check "says when the terminal is too small" "too small"
$T resize-window -t e2e -x 140 -y 45
check "redraws at 140x45" "output (1, 1, 5, 5)"

# 6. Help, then quit (asks first: there are unsaved edits), and the tty is sane.
$T send-keys -t e2e '?'
check "help lists the keys" "convviz keys"
$T send-keys -t e2e Escape q
check "quitting with edits asks first" "Quit without saving?"
$T send-keys -t e2e y
check "quits with status 0" "EXIT=0"
if tty_sane; then pass "tty sane after quit"; else fail "tty sane after quit"; fi

# 7. Signals leave the terminal sane.
for signal in INT TERM; do
    start "$BIN"
    wait_for "output (1, 1, 5, 5)"
    kill -"$signal" "$(app_pid)"
    if tty_sane; then pass "tty sane after SIG$signal"; else fail "tty sane after SIG$signal"; fi
done

# 7b. A crash (the signals a Swift runtime trap raises) also leaves the terminal sane.
for signal in ILL TRAP SEGV ABRT; do
    start "$BIN"
    wait_for "output (1, 1, 5, 5)"
    kill -"$signal" "$(app_pid)"
    if tty_sane; then pass "tty sane after SIG$signal"; else fail "tty sane after SIG$signal"; fi
done

# 7c. A resize storm down to 20x8 and back: still drawing, still answering keys.
start "$BIN"
wait_for "output (1, 1, 5, 5)"
for size in 20x8 150x50 21x9 80x24 40x12 200x60 20x8 33x17 120x40 20x8 90x30; do
    $T resize-window -t e2e -x "${size%x*}" -y "${size#*x}"
done
$T resize-window -t e2e -x 100 -y 30
check "draws after a resize storm" "output (1, 1, 5, 5)"
$T send-keys -t e2e s
check "answers keys after a resize storm" "output (1, 1, 3, 3)"
$T send-keys -t e2e q q
check "quits after a resize storm" "EXIT=0"

# 8. Animation: play, pause, step.
start "$BIN"
wait_for "output (1, 1, 5, 5)"
$T send-keys -t e2e Home
check "Home goes to the first multiply-add" "step 1/9"
$T send-keys -t e2e n n
check "n steps one multiply-add" "step 3/9"
$T send-keys -t e2e ']'
check "] completes the next cell" "cell 2/25"
$T send-keys -t e2e q
check "quits without edits at once" "EXIT=0"

# 8b. The backward pass: g enters it, e cycles the views, a typed dL/dY value changes dL/dX, g leaves it.
start "$BIN"
wait_for "output (1, 1, 5, 5)"
$T send-keys -t e2e g
check "g shows the backward pass" "backward pass of conv2d · dL/dX by scatter"
check "dL/dX of dL/dY all ones" "7 8 8 8 5"
$T send-keys -t e2e Home 3 Enter
check "a typed dL/dY value changes dL/dX" "dL/dY[0,0,0] = 3 stamps the kernel × 3"
$T send-keys -t e2e e
check "e shows dL/dX cell by cell" "dL/dX cell by cell"
$T send-keys -t e2e e Home n
check "e then n steps dL/dW term by term" "dL/dW[0,0,0,0] = 3·0(pad) + 1·0(pad) = 0 so far"
$T send-keys -t e2e g
check "g returns to the forward pass" "output (1, 1, 5, 5)"
$T send-keys -t e2e q y
check "quits after the dL/dY edit" "EXIT=0"

# 8c. A layer stack's pipeline: the unit of the last feature map, its field on the input, a layer's own view.
start "$BIN tiny-vgg"
$T resize-window -t e2e -x 140 -y 45
check "tiny-vgg opens on the last pooling's centre" "layer 10/13 max_pool2d (1, 10, 13, 13) · [c0, 6, 6]"
check "the unit's field on the input" "field on the input: rows 24–39, columns 24–39 · 104976 paths · 0 holes"
$T send-keys -t e2e Right Up
check "arrows move the unit" "[c0, 5, 7]"
check "the field follows the unit" "field on the input: rows 20–35, columns 28–43"
$T send-keys -t e2e BTab BTab
check "S-Tab selects an earlier layer" "layer 8/13 conv2d (1, 10, 26, 26)"
$T send-keys -t e2e Enter
check "Enter opens the layer's own view" "layer 8 on its own; its input is layer 7's output"
check "the layer's view shows its input" "input (1,10,28,28)"
$T send-keys -t e2e Escape
check "Esc returns to the pipeline" "back to the pipeline"
$T send-keys -t e2e Home 5 Enter
check "an input edit reaches every layer" "values changed per layer: 90 "
$T send-keys -t e2e q
check "quitting the edited pipeline asks first" "Quit without saving?"
$T send-keys -t e2e y
check "quits the pipeline with status 0" "EXIT=0"
if tty_sane; then pass "tty sane after the pipeline"; else fail "tty sane after the pipeline"; fi

# 9. Not a terminal, or a terminal that cannot address the cursor: a clear error, not garbage.
out=$("$BIN" </dev/null 2>&1); status=$?
if [[ $status -ne 0 && $status -lt 128 && $out == error:* ]]; then pass "stdin not a terminal"; else echo "$out"; failed=$((failed + 1)); echo "not ok - stdin not a terminal"; fi
start "$BIN > '$WORK/out.txt'"
check "stdout not a terminal is refused" "error: standard output is not a terminal"
start "TERM=dumb $BIN"
check "TERM=dumb is refused" "error: the terminal TERM=dumb cannot move the cursor"

# 10. NO_COLOR still runs.
start "NO_COLOR=1 $BIN"
check "NO_COLOR starts" "output (1, 1, 5, 5)"
$T send-keys -t e2e q

# 11. Ctrl-C is a key: it cancels an edit, and with unsaved edits it asks before quitting. Ctrl-S does not
#     freeze the screen (no XON/XOFF flow control).
start "$BIN"
wait_for "output (1, 1, 5, 5)"
$T send-keys -t e2e 7
check "typing starts an edit" ":= 7_"
$T send-keys -t e2e C-c
check "Ctrl-C cancels the edit" "type a number to edit"
$T send-keys -t e2e 7 Enter
check "an edit is stored" "17 16] 11 9 5"
$T send-keys -t e2e C-c
check "Ctrl-C with unsaved edits asks" "Quit without saving?"
$T send-keys -t e2e C-c
check "a second Ctrl-C stays" "not quitting"
$T send-keys -t e2e C-s s
check "keys still draw after Ctrl-S" "output (1, 1, 3, 3)"
$T send-keys -t e2e C-q q y
check "quits after Ctrl-S / Ctrl-Q" "EXIT=0"

# 12. A hang-up (the window closes: SIGHUP, then SIGTERM from tmux) keeps unsaved edits in a recovery
#     file, and the next start says where it is.
export XDG_STATE_HOME="$WORK/state"
start "XDG_STATE_HOME='$WORK/state' $BIN"
wait_for "output (1, 1, 5, 5)"
$T send-keys -t e2e 7 Enter
wait_for "17 16] 11 9 5"
pid=$(app_pid)
kill -HUP "$pid"
kill -TERM "$pid"
for _ in $(seq 50); do [[ -f "$WORK/state/convviz/recovered.yaml" ]] && break; sleep 0.1; done
if grep -q "name:" "$WORK/state/convviz/recovered.yaml" 2>/dev/null; then pass "a hang-up keeps unsaved edits"; else fail "a hang-up keeps unsaved edits"; fi
start "XDG_STATE_HOME='$WORK/state' $BIN"
check "the next start says where the edits are" "edits kept after a hang-up are in"
$T send-keys -t e2e q

# 13. LC_ALL=C: the arithmetic stays true in ASCII.
start "LC_ALL=C $BIN"
check "LC_ALL=C shows products with *" "1*1 + 0*2"
check "LC_ALL=C shows the floor" "floor((5 + 1 + 1 - 1*(3-1) - 1) / 1) + 1 = 5"
$T send-keys -t e2e q

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
