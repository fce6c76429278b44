#ifndef CONVVIZ_CNCURSES_SHIM_H
#define CONVVIZ_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Macros Swift cannot import, as functions.
static inline unsigned int convviz_a_bold(void) { return A_BOLD; }
static inline unsigned int convviz_a_reverse(void) { return A_REVERSE; }
static inline unsigned int convviz_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int convviz_a_dim(void) { return A_DIM; }
static inline unsigned int convviz_a_normal(void) { return A_NORMAL; }
static inline unsigned long convviz_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline unsigned long convviz_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline unsigned long convviz_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline unsigned long convviz_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline unsigned long convviz_button5_pressed(void) { return BUTTON5_PRESSED; }

#endif
