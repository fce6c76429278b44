#ifndef CONVVIZ_IMAGE_CODECS_H
#define CONVVIZ_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

/// What a decode call reports. On success `samples` holds height * width * channels values, row by row and pixel
/// by pixel (channels interleaved), and must be released with convviz_image_free.
typedef struct {
    int32_t width;
    int32_t height;
    /// 1 (greyscale) or 3 (RGB): palettes are expanded and alpha is dropped.
    int32_t channels;
    /// 8 or 16: the largest sample value is 2^bits - 1 (low-bit greyscale PNGs report their own depth).
    int32_t bits;
    uint16_t *samples;
    /// Why the decode failed, in words, when it returns nonzero.
    char message[200];
} convviz_image;

/// Status codes of the decode calls.
enum {
    CONVVIZ_IMAGE_OK = 0,
    /// The data is not a well-formed image of that format; `message` says why.
    CONVVIZ_IMAGE_MALFORMED = 1,
    /// The header declares more than `max_samples` samples; `width`, `height` and `channels` are set.
    CONVVIZ_IMAGE_TOO_LARGE = 2,
};

/// Decodes a PNG held in memory (any colour type, 1-16 bits, interlaced or not), refusing before decoding a
/// header that declares more than `max_samples` samples (width * height * output channels).
int convviz_png_decode(const uint8_t *data, size_t size, size_t max_samples, convviz_image *image);

/// Decodes a JPEG held in memory (baseline or progressive; greyscale or colour, as RGB), with the same limit.
int convviz_jpeg_decode(const uint8_t *data, size_t size, size_t max_samples, convviz_image *image);

/// Releases the samples of a decoded image.
void convviz_image_free(convviz_image *image);

#endif
