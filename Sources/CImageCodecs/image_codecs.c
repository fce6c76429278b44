// PNG and JPEG decoding through libpng and libjpeg-turbo. Both libraries report errors by longjmp, which Swift
// cannot do, so the whole decode lives here and returns a status with the library's message.
#include "image_codecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

void convviz_image_free(convviz_image *image) {
    free(image->samples);
    image->samples = NULL;
}

static void reset(convviz_image *image) {
    image->width = 0;
    image->height = 0;
    image->channels = 0;
    image->bits = 0;
    image->samples = NULL;
    image->message[0] = 0;
}

static int too_large(convviz_image *image, uint64_t width, uint64_t height, int channels, size_t max_samples) {
    image->width = (int32_t)width;
    image->height = (int32_t)height;
    image->channels = channels;
    return width * height * (uint64_t)channels > (uint64_t)max_samples;
}

// MARK: - PNG

struct png_source {
    const uint8_t *data;
    size_t size;
    size_t offset;
};

static void png_read_bytes(png_structp png, png_bytep out, size_t length) {
    struct png_source *source = png_get_io_ptr(png);
    if (length > source->size - source->offset) png_error(png, "the file ends early (truncated)");
    memcpy(out, source->data + source->offset, length);
    source->offset += length;
}

static void png_fail(png_structp png, png_const_charp message) {
    convviz_image *image = png_get_error_ptr(png);
    snprintf(image->message, sizeof image->message, "%s", message);
    png_longjmp(png, 1);
}

static void png_ignore_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static uint32_t be32(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

// The bytes of filtered scanlines an image of this header inflates to (every Adam7 pass when interlaced).
static uint64_t png_raw_size(uint64_t width, uint64_t height, int depth, int color, int interlaced) {
    static const int adam7[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                    {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    int samples = color == 2 ? 3 : color == 4 ? 2 : color == 6 ? 4 : 1;
    uint64_t bits = (uint64_t)samples * (uint64_t)depth;
    if (!interlaced) return height * (1 + (width * bits + 7) / 8);
    uint64_t total = 0;
    for (int pass = 0; pass < 7; pass++) {
        uint64_t x0 = adam7[pass][0], y0 = adam7[pass][1], dx = adam7[pass][2], dy = adam7[pass][3];
        uint64_t columns = width > x0 ? (width - x0 + dx - 1) / dx : 0;
        uint64_t rows = height > y0 ? (height - y0 + dy - 1) / dy : 0;
        if (columns > 0) total += rows * (1 + (columns * bits + 7) / 8);
    }
    return total;
}

// libpng inflates every byte of the IDAT stream, also what follows the image, so a small file could make it
// inflate gigabytes. Inflate the stream here first, discarding the output, and refuse one that yields more
// than the header's image needs. Other faults are left to libpng, which reports them in its words.
static int png_check_idat(const uint8_t *data, size_t size, convviz_image *image) {
    if (size < 33 || memcmp(data + 12, "IHDR", 4) != 0) return 1;
    uint64_t expected = png_raw_size(be32(data + 16), be32(data + 20), data[24], data[25], data[28] == 1);
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK) return 1;
    uint8_t scratch[1 << 14];
    uint64_t produced = 0;
    int result = 1, ended = 0;
    size_t offset = 8;
    while (!ended && offset + 12 <= size) {
        uint32_t length = be32(data + offset);
        if (length > size - offset - 12) break;
        if (memcmp(data + offset + 4, "IEND", 4) == 0) break;
        if (memcmp(data + offset + 4, "IDAT", 4) == 0) {
            stream.next_in = (Bytef *)(data + offset + 8);
            stream.avail_in = length;
            while (stream.avail_in > 0 && !ended) {
                stream.next_out = scratch;
                stream.avail_out = sizeof scratch;
                int status = inflate(&stream, Z_NO_FLUSH);
                produced += sizeof scratch - stream.avail_out;
                if (produced > expected) {
                    snprintf(image->message, sizeof image->message,
                             "the compressed image data inflates beyond the %llu bytes a %ux%u image needs",
                             (unsigned long long)expected, be32(data + 16), be32(data + 20));
                    result = 0;
                    ended = 1;
                } else if (status == Z_STREAM_END || (status != Z_OK && status != Z_BUF_ERROR)) {
                    ended = 1;
                } else if (status == Z_BUF_ERROR && stream.avail_out == sizeof scratch) {
                    break;
                }
            }
        }
        offset += 12 + (size_t)length;
    }
    inflateEnd(&stream);
    return result;
}

int convviz_png_decode(const uint8_t *data, size_t size, size_t max_samples, convviz_image *image) {
    reset(image);
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(image->message, sizeof image->message, "not a PNG file (its first 8 bytes are not the PNG signature)");
        return CONVVIZ_IMAGE_MALFORMED;
    }
    if (!png_check_idat(data, size, image)) return CONVVIZ_IMAGE_MALFORMED;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, image, png_fail, png_ignore_warning);
    if (png == NULL) {
        snprintf(image->message, sizeof image->message, "out of memory");
        return CONVVIZ_IMAGE_MALFORMED;
    }
    png_infop info = png_create_info_struct(png);
    struct png_source source = {data, size, 0};
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    uint16_t *volatile samples = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        free(samples);
        png_destroy_read_struct(&png, &info, NULL);
        if (image->message[0] == 0) snprintf(image->message, sizeof image->message, "malformed PNG");
        return CONVVIZ_IMAGE_MALFORMED;
    }
    if (info == NULL) png_error(png, "out of memory");
    png_set_read_fn(png, &source, png_read_bytes);
    png_read_info(png, info);
    png_uint_32 width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    int channels = (color & PNG_COLOR_MASK_COLOR) ? 3 : 1;
    if (too_large(image, width, height, channels, max_samples)) {
        png_destroy_read_struct(&png, &info, NULL);
        return CONVVIZ_IMAGE_TOO_LARGE;
    }
    // Palettes become RGB (an alpha from tRNS is dropped below); 1, 2 and 4-bit greys keep their own values.
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    else if (depth < 8) png_set_packing(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stored = png_get_channels(png, info);
    size_t bytes = png_get_bit_depth(png, info) == 16 ? 2 : 1;
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes < (size_t)width * stored * bytes || stored < (size_t)channels || stored > 4) {
        png_error(png, "unexpected row layout");
    }
    pixels = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    samples = malloc(sizeof(uint16_t) * (size_t)width * height * (size_t)channels);
    if (pixels == NULL || rows == NULL || samples == NULL) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    size_t next = 0;
    for (png_uint_32 y = 0; y < height; y++) {
        const uint8_t *row = rows[y];
        for (png_uint_32 x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) {
                const uint8_t *at = row + ((size_t)x * stored + (size_t)c) * bytes;
                samples[next++] = bytes == 2 ? (uint16_t)(at[0] << 8 | at[1]) : at[0];
            }
        }
    }
    free(pixels);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    image->bits = color == PNG_COLOR_TYPE_PALETTE ? 8 : depth;
    image->samples = samples;
    return CONVVIZ_IMAGE_OK;
}

// MARK: - JPEG

struct jpeg_failure {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    convviz_image *image;
};

static void jpeg_fail(j_common_ptr cinfo) {
    struct jpeg_failure *failure = (struct jpeg_failure *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(failure->image->message, sizeof failure->image->message, "%s", text);
    longjmp(failure->jump, 1);
}

// Warnings mean corrupt data (a truncated file, a bad Huffman code): each is an error, except stray bytes between
// markers, which cameras write and every decoder skips. Trace messages are ignored.
static void jpeg_message(j_common_ptr cinfo, int level) {
    if (level < 0 && cinfo->err->msg_code != JWRN_EXTRANEOUS_DATA) jpeg_fail(cinfo);
}

// A progressive file can hold thousands of tiny scans, each a pass over the whole image: cap them.
static void jpeg_progress(j_common_ptr cinfo) {
    j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
    if (decompress->input_scan_number > 500) {
        struct jpeg_failure *failure = (struct jpeg_failure *)cinfo->err;
        snprintf(failure->image->message, sizeof failure->image->message, "more than 500 progressive scans");
        longjmp(failure->jump, 1);
    }
}

int convviz_jpeg_decode(const uint8_t *data, size_t size, size_t max_samples, convviz_image *image) {
    reset(image);
    struct jpeg_decompress_struct cinfo;
    struct jpeg_failure failure;
    struct jpeg_progress_mgr progress;
    uint8_t *volatile row = NULL;
    uint16_t *volatile samples = NULL;
    cinfo.err = jpeg_std_error(&failure.base);
    failure.base.error_exit = jpeg_fail;
    failure.base.emit_message = jpeg_message;
    failure.image = image;
    if (setjmp(failure.jump)) {
        free(row);
        free(samples);
        jpeg_destroy_decompress(&cinfo);
        return CONVVIZ_IMAGE_MALFORMED;
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_progress;
    cinfo.progress = &progress;
    cinfo.mem->max_memory_to_use = 160L << 20;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    int channels;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo.out_color_space = JCS_GRAYSCALE;
        channels = 1;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        cinfo.out_color_space = JCS_RGB;
        channels = 3;
        break;
    default:
        snprintf(image->message, sizeof image->message,
                 "a CMYK (or other non-RGB) JPEG is not supported: save it as RGB or greyscale");
        longjmp(failure.jump, 1);
    }
    if (too_large(image, cinfo.image_width, cinfo.image_height, channels, max_samples)) {
        jpeg_destroy_decompress(&cinfo);
        return CONVVIZ_IMAGE_TOO_LARGE;
    }
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != channels) {
        snprintf(image->message, sizeof image->message, "unexpected colour layout");
        longjmp(failure.jump, 1);
    }
    size_t width = cinfo.output_width, height = cinfo.output_height;
    row = malloc(width * (size_t)channels);
    samples = malloc(sizeof(uint16_t) * width * height * (size_t)channels);
    if (row == NULL || samples == NULL) {
        snprintf(image->message, sizeof image->message, "out of memory");
        longjmp(failure.jump, 1);
    }
    size_t next = 0;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            snprintf(image->message, sizeof image->message, "the file ends early (truncated)");
            longjmp(failure.jump, 1);
        }
        for (size_t index = 0; index < width * (size_t)channels; index++) samples[next++] = row[index];
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    image->bits = 8;
    image->samples = samples;
    return CONVVIZ_IMAGE_OK;
}
