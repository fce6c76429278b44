#include "terminal_support.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static int have_saved_termios = 0;

// Only async-signal-safe calls: tcsetattr, write, signal, raise.
static void restore_and_reraise(int sig) {
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
    if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    signal(sig, SIG_DFL);
    raise(sig);
}

void convviz_install_restore_handlers(void) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved_termios = 1;
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_and_reraise;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, NULL);
    }
}

int convviz_wait_for_input(int timeout_ms) {
    struct pollfd fd = { STDIN_FILENO, POLLIN, 0 };
    int ready = poll(&fd, 1, timeout_ms);
    if (ready <= 0) return 0;
    if (fd.revents & (POLLHUP | POLLERR | POLLNVAL)) return (fd.revents & POLLIN) ? 2 : -1;
    if (fd.revents & POLLIN) return 1;
    return 0;
}
