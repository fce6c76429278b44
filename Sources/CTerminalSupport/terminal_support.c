#include "terminal_support.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static int have_saved_termios = 0;

static volatile sig_atomic_t hangup_received = 0;

// Only async-signal-safe calls: sigpending, tcsetattr, write, signal, raise.
static void restore_and_reraise(int sig) {
    // tmux and others send SIGTERM right after SIGHUP when a window closes: the hang-up path already
    // ends the app (keeping unsaved edits), so the termination need not cut it short.
    if (sig == SIGTERM) {
        sigset_t pending;
        if (sigpending(&pending) == 0 && sigismember(&pending, SIGHUP)) hangup_received = 1;
        if (hangup_received) return;
    }
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
    if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    signal(sig, SIG_DFL);
    raise(sig);
}

// Only notes the hang-up: the terminal is gone, and the main loop leaves at its next wait.
static void note_hangup(int sig) {
    (void)sig;
    hangup_received = 1;
}

void convviz_install_restore_handlers(void) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved_termios = 1;
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = signals[i] == SIGHUP ? note_hangup : restore_and_reraise;
        sigemptyset(&action.sa_mask);
        // A SIGTERM sent with the SIGHUP waits until the hang-up is noted.
        if (signals[i] == SIGHUP) sigaddset(&action.sa_mask, SIGTERM);
        sigaction(signals[i], &action, NULL);
    }
}

int convviz_keys_not_signals(void) {
    struct termios settings;
    if (tcgetattr(STDIN_FILENO, &settings) != 0) return -1;
    settings.c_cc[VINTR] = _POSIX_VDISABLE;
    settings.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
    return tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0 ? 0 : -1;
}

int convviz_hangup_received(void) {
    return hangup_received;
}

int convviz_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) return errno != 0 ? errno : EIO;
    return 0;
}

int convviz_wait_for_input(int timeout_ms) {
    struct pollfd fd = { STDIN_FILENO, POLLIN, 0 };
    int ready = poll(&fd, 1, timeout_ms);
    if (ready <= 0) return 0;
    if (fd.revents & (POLLHUP | POLLERR | POLLNVAL)) return (fd.revents & POLLIN) ? 2 : -1;
    if (fd.revents & POLLIN) return 1;
    return 0;
}
