#ifndef CONVVIZ_TERMINAL_SUPPORT_H
#define CONVVIZ_TERMINAL_SUPPORT_H

/// Saves the terminal's settings and restores them (and leaves the alternate screen, shows the cursor,
/// stops mouse reporting) on SIGINT, SIGTERM, SIGHUP, SIGQUIT and on crashes, then re-raises the signal.
void convviz_install_restore_handlers(void);

/// Waits for input on stdin: 1 readable, 2 readable but hung up (read what is left), 0 timeout or
/// interrupted (a resize), -1 closed.
int convviz_wait_for_input(int timeout_ms);

#endif
