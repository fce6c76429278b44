// Pictures out: text drawn with stb_easy_font's bitmap font, animated GIFs written and read back with giflib.
#include "pictures.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <stb/stb_easy_font.h>

// MARK: - Text

// The font knows printable ASCII only (and indexes a table by the byte): anything else becomes '?', one per
// UTF-8 character. The caller frees the copy.
static char *printable(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy == NULL) return NULL;
    size_t next = 0;
    for (size_t index = 0; index < length; index++) {
        unsigned char byte = (unsigned char)text[index];
        if (byte >= 0x80 && byte < 0xC0) continue;
        copy[next++] = byte >= 32 && byte <= 126 ? (char)byte : '?';
    }
    copy[next] = 0;
    return copy;
}

int convviz_text_width(const char *text) {
    char *safe = printable(text);
    if (safe == NULL) return 0;
    int width = stb_easy_font_width(safe);
    free(safe);
    return width;
}

void convviz_draw_text(uint8_t *pixels, int width, int height, int x, int y, int scale, const char *text,
                       uint8_t color) {
    // Each glyph is made of axis-aligned quads, 4 vertices of 16 bytes (x, y, z floats and 4 colour bytes).
    char *safe = printable(text);
    if (safe == NULL) return;
    size_t capacity = 1200 * (strlen(safe) + 1);
    char *buffer = malloc(capacity);
    if (buffer == NULL || capacity > 1 << 30) {
        free(safe);
        free(buffer);
        return;
    }
    int quads = stb_easy_font_print(0, 0, safe, NULL, buffer, (int)capacity);
    free(safe);
    for (int quad = 0; quad < quads; quad++) {
        const float *first = (const float *)(buffer + quad * 64);
        const float *third = (const float *)(buffer + quad * 64 + 32);
        int left = x + (int)(first[0] * scale), top = y + (int)(first[1] * scale);
        int right = x + (int)(third[0] * scale), bottom = y + (int)(third[1] * scale);
        for (int row = top < 0 ? 0 : top; row < bottom && row < height; row++) {
            for (int column = left < 0 ? 0 : left; column < right && column < width; column++) {
                pixels[(size_t)row * (size_t)width + (size_t)column] = color;
            }
        }
    }
    free(buffer);
}

// MARK: - Writing

struct convviz_gif_writer {
    GifFileType *gif;
    int width;
    int height;
    uint8_t *previous;
    uint8_t *row;
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    size_t max_bytes;
    bool overflow;
    bool failed;
    bool started;
};

static int gif_write(GifFileType *gif, const GifByteType *data, int length) {
    convviz_gif_writer *writer = gif->UserData;
    if (writer->size + (size_t)length > writer->max_bytes) {
        writer->overflow = true;
        return 0;
    }
    if (writer->size + (size_t)length > writer->capacity) {
        size_t capacity = writer->capacity * 2 + (size_t)length;
        if (capacity > writer->max_bytes) capacity = writer->max_bytes;
        uint8_t *grown = realloc(writer->bytes, capacity);
        if (grown == NULL) return 0;
        writer->bytes = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->bytes + writer->size, data, (size_t)length);
    writer->size += (size_t)length;
    return length;
}

convviz_gif_writer *convviz_gif_begin(int width, int height, const uint8_t *palette_rgb, int colors, size_t max_bytes) {
    convviz_gif_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) return NULL;
    writer->width = width;
    writer->height = height;
    writer->max_bytes = max_bytes;
    writer->previous = malloc((size_t)width * (size_t)height);
    writer->row = malloc((size_t)width);
    int error = 0;
    writer->gif = EGifOpen(writer, gif_write, &error);
    if (writer->previous == NULL || writer->row == NULL || writer->gif == NULL) {
        writer->failed = true;
        return writer;
    }
    GifColorType table[256];
    for (int index = 0; index < colors && index < 256; index++) {
        table[index].Red = palette_rgb[3 * index];
        table[index].Green = palette_rgb[3 * index + 1];
        table[index].Blue = palette_rgb[3 * index + 2];
    }
    ColorMapObject *map = GifMakeMapObject(colors, table);
    EGifSetGifVersion(writer->gif, true);
    static const GifByteType loop[3] = {1, 0, 0};   // NETSCAPE2.0: loop forever
    if (map == NULL || EGifPutScreenDesc(writer->gif, width, height, 8, 0, map) == GIF_ERROR
        || EGifPutExtensionLeader(writer->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR
        || EGifPutExtensionBlock(writer->gif, 11, "NETSCAPE2.0") == GIF_ERROR
        || EGifPutExtensionBlock(writer->gif, 3, loop) == GIF_ERROR
        || EGifPutExtensionTrailer(writer->gif) == GIF_ERROR) {
        writer->failed = true;
    }
    GifFreeMapObject(map);
    return writer;
}

// The bounding box of the pixels inside `within` that differ from the previous frame; false if none do.
static bool changed_box(const convviz_gif_writer *writer, const uint8_t *pixels, const int within[4], int box[4]) {
    int left = within[2], top = within[3], right = within[0], bottom = within[1];
    for (int y = within[1]; y < within[3]; y++) {
        const uint8_t *now = pixels + (size_t)y * (size_t)writer->width;
        const uint8_t *before = writer->previous + (size_t)y * (size_t)writer->width;
        if (memcmp(now + within[0], before + within[0], (size_t)(within[2] - within[0])) == 0) continue;
        for (int x = within[0]; x < within[2]; x++) {
            if (now[x] == before[x]) continue;
            if (x < left) left = x;
            if (x >= right) right = x + 1;
            if (y < top) top = y;
            if (y >= bottom) bottom = y + 1;
        }
    }
    box[0] = left, box[1] = top, box[2] = right, box[3] = bottom;
    return right > left;
}

static int put_image(convviz_gif_writer *writer, const uint8_t *pixels, const int box[4], int delay) {
    int left = box[0], top = box[1], right = box[2], bottom = box[3];
    GraphicsControlBlock control = {DISPOSE_DO_NOT, false, delay, NO_TRANSPARENT_COLOR};
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(writer->gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_ERROR
        || EGifPutImageDesc(writer->gif, left, top, right - left, bottom - top, false, NULL) == GIF_ERROR) {
        writer->failed = true;
        return 1;
    }
    for (int y = top; y < bottom; y++) {
        memcpy(writer->row, pixels + (size_t)y * (size_t)writer->width + (size_t)left, (size_t)(right - left));
        if (EGifPutLine(writer->gif, writer->row, right - left) == GIF_ERROR) {
            writer->failed = true;
            return 1;
        }
    }
    return 0;
}

// Splits the changed box at its widest unchanged band of at least 32 pixels (columns or rows), recursively, so
// that changes far apart (the window on the input, the output cell, the caption) are stored as separate small
// images. Appends at most `room` boxes to `boxes`; returns how many.
static int split_boxes(const convviz_gif_writer *writer, const uint8_t *pixels, const int box[4], int boxes[][4],
                       int room) {
    int columns = box[2] - box[0], rows = box[3] - box[1];
    bool *changed = calloc((size_t)(columns + rows), sizeof(bool));
    if (changed == NULL || room < 2) {
        free(changed);
        memcpy(boxes[0], box, sizeof(int) * 4);
        return 1;
    }
    bool *column_changed = changed, *row_changed = changed + columns;
    for (int y = box[1]; y < box[3]; y++) {
        const uint8_t *now = pixels + (size_t)y * (size_t)writer->width + (size_t)box[0];
        const uint8_t *before = writer->previous + (size_t)y * (size_t)writer->width + (size_t)box[0];
        if (memcmp(now, before, (size_t)columns) == 0) continue;
        row_changed[y - box[1]] = true;
        for (int x = 0; x < columns; x++) column_changed[x] |= now[x] != before[x];
    }
    int best = 0, cut = -1;
    bool cut_rows = false;
    for (int pass = 0; pass < 2; pass++) {
        const bool *flags = pass == 0 ? column_changed : row_changed;
        int count = pass == 0 ? columns : rows, run = 0;
        for (int at = 0; at < count; at++) {
            run = flags[at] ? 0 : run + 1;
            if (run > best) best = run, cut = at + (pass == 0 ? box[0] : box[1]), cut_rows = pass == 1;
        }
    }
    free(changed);
    int low[4], high[4];
    if (best >= 32) {
        int a[4] = {box[0], box[1], cut_rows ? box[2] : cut, cut_rows ? cut : box[3]};
        int b[4] = {cut_rows ? box[0] : cut, cut_rows ? cut : box[1], box[2], box[3]};
        if (changed_box(writer, pixels, a, low) && changed_box(writer, pixels, b, high)) {
            int count = split_boxes(writer, pixels, low, boxes, room - 1);
            return count + split_boxes(writer, pixels, high, boxes + count, room - count);
        }
    }
    memcpy(boxes[0], box, sizeof(int) * 4);
    return 1;
}

int convviz_gif_add_frame(convviz_gif_writer *writer, const uint8_t *pixels, int delay) {
    if (writer->failed) return 1;
    int whole[4] = {0, 0, writer->width, writer->height}, box[4];
    int status = 0;
    if (!writer->started) {
        status = put_image(writer, pixels, whole, delay);
    } else if (!changed_box(writer, pixels, whole, box)) {
        int pixel[4] = {0, 0, 1, 1};
        status = put_image(writer, pixels, pixel, delay);
    } else {
        // Every image but the last shows for 2/100 s (browsers slow a shorter delay down to 1/10 s).
        int boxes[4][4];
        int count = delay >= 8 ? split_boxes(writer, pixels, box, boxes, 4) : 1;
        if (count == 1) memcpy(boxes[0], box, sizeof box);
        for (int index = 0; index < count && status == 0; index++) {
            status = put_image(writer, pixels, boxes[index], index == count - 1 ? delay - 2 * (count - 1) : 2);
        }
    }
    memcpy(writer->previous, pixels, (size_t)writer->width * (size_t)writer->height);
    writer->started = true;
    return status;
}

int convviz_gif_finish(convviz_gif_writer *writer, uint8_t **data, size_t *size, char *message, size_t message_size) {
    int error = 0;
    int closed = writer->gif == NULL ? GIF_ERROR : EGifCloseFile(writer->gif, &error);
    int status = 0;
    if (writer->overflow) {
        snprintf(message, message_size, "the GIF would be larger than %zu bytes", writer->max_bytes);
        status = 1;
    } else if (writer->failed || closed == GIF_ERROR) {
        snprintf(message, message_size, "giflib could not write the GIF (%s)", GifErrorString(error));
        status = 1;
    }
    if (status == 0) {
        *data = writer->bytes;
        *size = writer->size;
    } else {
        free(writer->bytes);
    }
    free(writer->previous);
    free(writer->row);
    free(writer);
    return status;
}

// MARK: - Reading back

struct gif_source {
    const uint8_t *data;
    size_t size;
    size_t offset;
};

static int gif_read(GifFileType *gif, GifByteType *out, int length) {
    struct gif_source *source = gif->UserData;
    size_t available = source->size - source->offset;
    size_t count = (size_t)length < available ? (size_t)length : available;
    memcpy(out, source->data + source->offset, count);
    source->offset += count;
    return (int)count;
}

int convviz_gif_inspect(const uint8_t *data, size_t size, int frame, int x, int y, int *frames, int *width,
                        int *height, uint8_t rgb[3]) {
    struct gif_source source = {data, size, 0};
    int error = 0;
    GifFileType *gif = DGifOpen(&source, gif_read, &error);
    if (gif == NULL) return 1;
    if (DGifSlurp(gif) == GIF_ERROR || gif->ImageCount == 0 || gif->SColorMap == NULL) {
        DGifCloseFile(gif, &error);
        return 1;
    }
    *frames = gif->ImageCount;
    *width = gif->SWidth;
    *height = gif->SHeight;
    int index = gif->SBackGroundColor;
    for (int image = 0; image <= frame && image < gif->ImageCount; image++) {
        const GifImageDesc *desc = &gif->SavedImages[image].ImageDesc;
        if (x >= desc->Left && x < desc->Left + desc->Width && y >= desc->Top && y < desc->Top + desc->Height) {
            index = gif->SavedImages[image].RasterBits[(size_t)(y - desc->Top) * (size_t)desc->Width
                                                        + (size_t)(x - desc->Left)];
        }
    }
    const ColorMapObject *map = gif->SColorMap;
    int status = index < map->ColorCount ? 0 : 1;
    if (status == 0) {
        rgb[0] = map->Colors[index].Red;
        rgb[1] = map->Colors[index].Green;
        rgb[2] = map->Colors[index].Blue;
    }
    DGifCloseFile(gif, &error);
    return status;
}
