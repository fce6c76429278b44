#ifndef CONVVIZ_CNCURSES_SHIM_H
#define CONVVIZ_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <unistd.h>

// Macros Swift cannot import, as functions.
static inline attr_t convviz_a_bold(void) { return A_BOLD; }
static inline attr_t convviz_a_reverse(void) { return A_REVERSE; }
static inline attr_t convviz_a_underline(void) { return A_UNDERLINE; }
static inline attr_t convviz_a_dim(void) { return A_DIM; }
static inline mmask_t convviz_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t convviz_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t convviz_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t convviz_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t convviz_button5_pressed(void) { return BUTTON5_PRESSED; }

// Globals Swift 6 refuses to touch (not concurrency-safe), as functions.
static inline WINDOW *convviz_stdscr(void) { return stdscr; }
static inline int convviz_colors(void) { return COLORS; }
static inline int convviz_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *convviz_stdout(void) { return fdopen(STDOUT_FILENO, "w"); }
static inline FILE *convviz_stdin(void) { return fdopen(STDIN_FILENO, "r"); }

#endif
