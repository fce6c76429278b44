#ifndef CONVVIZ_TERMINAL_SUPPORT_H
#define CONVVIZ_TERMINAL_SUPPORT_H

/// Saves the terminal's settings and restores them (and leaves the alternate screen, shows the cursor,
/// stops mouse reporting) on SIGINT, SIGTERM, SIGHUP, SIGQUIT and on crashes, then re-raises the signal.
void convviz_install_restore_handlers(void);

/// Waits for input on stdin: 1 readable, 2 readable but hung up (read what is left), 0 timeout or
/// interrupted (a resize), -1 closed.
int convviz_wait_for_input(int timeout_ms);

/// Makes Ctrl-C a key rather than SIGINT, and Ctrl-S / Ctrl-Q keys rather than XOFF / XON (flow control
/// would freeze the screen while keys still apply). Returns 0, or -1 when stdin's settings cannot change.
int convviz_keys_not_signals(void);

/// Whether SIGHUP arrived since the handlers were installed (the handler only notes it, so the app can
/// keep unsaved edits in a recovery file before it leaves).
int convviz_hangup_received(void);

/// Flushes stdout; returns 0, or the errno of a failed write to it (now or earlier).
int convviz_flush_stdout(void);

#endif
