#ifndef CONVVIZ_PICTURES_H
#define CONVVIZ_PICTURES_H

#include <stddef.h>
#include <stdint.h>

/// The width in pixels of `text` in the bitmap font at scale 1 (glyphs are about 7 pixels tall).
int convviz_text_width(const char *text);

/// Draws `text` with its top-left corner at (x, y), scaled by `scale`, into an indexed canvas of
/// width * height bytes, in palette colour `color`; pixels outside the canvas are skipped.
void convviz_draw_text(uint8_t *pixels, int width, int height, int x, int y, int scale, const char *text,
                       uint8_t color);

/// An animated GIF being written into memory (giflib), frame by frame.
typedef struct convviz_gif_writer convviz_gif_writer;

/// Starts a looping GIF of width x height pixels with `colors` (a power of two, 2...256) palette entries
/// (`palette_rgb` holds 3 bytes each); the file may grow to at most `max_bytes`. NULL when out of memory.
convviz_gif_writer *convviz_gif_begin(int width, int height, const uint8_t *palette_rgb, int colors, size_t max_bytes);

/// Appends a frame of width * height palette indices shown for `delay` hundredths of a second; only the
/// rectangle that differs from the previous frame is stored. Returns 0, or nonzero once the writer failed.
int convviz_gif_add_frame(convviz_gif_writer *writer, const uint8_t *pixels, int delay);

/// Finishes the file and frees the writer. Returns 0 with the bytes in *data (release with free) and *size, or
/// nonzero with a reason in `message` (the size cap was reached, or giflib failed).
int convviz_gif_finish(convviz_gif_writer *writer, uint8_t **data, size_t *size, char *message, size_t message_size);

/// Reads a GIF back (giflib): its frame count and size, and the RGB colour of pixel (x, y) once frames
/// 0...frame have been drawn. Returns 0, or nonzero for a file giflib cannot read.
int convviz_gif_inspect(const uint8_t *data, size_t size, int frame, int x, int y, int *frames, int *width,
                        int *height, uint8_t rgb[3]);

#endif
