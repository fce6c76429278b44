// The AVX-512 tiles of the convolution kernel, compiled for AVX-512F only inside these functions and chosen at run
// time, so the rest of convviz still runs on any x86-64 with AVX2. Each tap is one fused multiply-add (one
// rounding), as in the traces the animation shows; built with -ffp-contract=off so the compiler fuses nothing else.
#include "conv_kernels.h"

long convviz_tile_columns(long block_channels) { return block_channels == 4 ? 16 : 32; }

#if defined(__x86_64__)
#include <immintrin.h>

bool convviz_wide_kernel_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

/// The lanes of vector `v` (8 lanes from tile lane 8v) inside tile lanes `[low, high)`.
static inline __mmask8 lane_mask(long low, long high, long v) {
    const long from = low - 8 * v < 0 ? 0 : low - 8 * v, to = high - 8 * v > 8 ? 8 : high - 8 * v;
    return from >= to ? 0 : (__mmask8)(((1u << to) - 1) & ~((1u << from) - 1));
}

/// Kernel columns whose lane masks an edge tile works out once, before its loops (the rest on the fly).
#define MASKED_COLUMNS 16

/// The lanes of vector `v` of a tile (tile lane l reading input column `first_input + b * dilation + l` through
/// kernel column b) that read a real input column and are below `lanes`.
static inline __mmask8 tap_mask(long first_input, long b, long dilation, long width, long lanes, long v) {
    const long start = first_input + b * dilation;
    return lane_mask(start < 0 ? -start : 0, width - start < lanes ? width - start : lanes, v);
}

/// One tile of CH channels by 8*V columns. Interior tiles (every tap of every lane reads a real input column) run
/// unmasked; edge tiles mask each tap's lanes to those that read a real column and the lanes past the end.
static inline __attribute__((always_inline, target("avx512f")))
void accumulate_tile(const convviz_tile_rows *r, const int CH, const int V, long row, long column, long first_channel,
                     long channels, double *sums) {
    __m512d acc[8];  // CH * V of them (at most 8), in registers once the loops are unrolled
    const bool resume = first_channel > 0, finish = first_channel + channels == r->kernel_channels;
    for (int i = 0; i < CH * V; i++) acc[i] = resume ? _mm512_loadu_pd(sums + 8 * i) : _mm512_setzero_pd();
    const long kernel_height = r->kernel_height, kernel_width = r->kernel_width, dilation = r->dilation_width;
    const long width = r->input_width, plane_size = r->plane_size;
    const long lanes = r->end_column - column < 8 * V ? r->end_column - column : 8 * V;
    const long first_input = column - r->pad_left, span = (kernel_width - 1) * dilation;
    const bool interior = lanes == 8 * V && first_input >= 0 && first_input + 8 * V - 1 + span < width;
    __mmask8 masks[MASKED_COLUMNS][4];
    for (long b = 0; !interior && b < kernel_width && b < MASKED_COLUMNS; b++) {
        for (int v = 0; v < V; v++) masks[b][v] = tap_mask(first_input, b, dilation, width, lanes, v);
    }
    const long taps_per_row = kernel_width * CH * 2;
    const double *w = r->weights + first_channel * kernel_height * taps_per_row;
    const long *sources = r->row_sources + row * kernel_height;
    for (long c = 0; c < channels; c++) {
        const double *plane = r->input + (first_channel + c) * plane_size;
        for (long a = 0; a < kernel_height; a++) {
            const long source = sources[a];
            if (source < 0) {
                w += taps_per_row;
                continue;
            }
            const double *x = plane + source * width + first_input;
            if (interior) {
                for (long b = 0; b < kernel_width; b++) {
                    __m512d in[4];
                    for (int v = 0; v < V; v++) in[v] = _mm512_loadu_pd(x + 8 * v);
                    for (int k = 0; k < CH; k++) {
                        const __m512d weight = _mm512_set1_pd(w[2 * k]);
                        for (int v = 0; v < V; v++) acc[k * V + v] = _mm512_fmadd_pd(weight, in[v], acc[k * V + v]);
                    }
                    w += CH * 2;
                    x += dilation;
                }
            } else {
                for (long b = 0; b < kernel_width; b++) {
                    __mmask8 mask[4];
                    __m512d in[4];
                    for (int v = 0; v < V; v++) {
                        mask[v] = b < MASKED_COLUMNS ? masks[b][v]
                                                     : tap_mask(first_input, b, dilation, width, lanes, v);
                        in[v] = _mm512_maskz_loadu_pd(mask[v], x + 8 * v);
                    }
                    for (int k = 0; k < CH; k++) {
                        const __m512d weight = _mm512_set1_pd(w[2 * k]);
                        for (int v = 0; v < V; v++) {
                            acc[k * V + v] = _mm512_mask3_fmadd_pd(weight, in[v], acc[k * V + v], mask[v]);
                        }
                    }
                    w += CH * 2;
                    x += dilation;
                }
            }
        }
    }
    if (!finish) {
        for (int i = 0; i < CH * V; i++) _mm512_storeu_pd(sums + 8 * i, acc[i]);
        return;
    }
    double *out = r->output + row * r->output_width + column;
    for (int k = 0; k < CH; k++) {
        const __m512d bias = _mm512_set1_pd(r->bias != NULL ? r->bias[k] : 0.0);
        for (int v = 0; v < V; v++) {
            const __m512d value = r->bias != NULL ? _mm512_add_pd(acc[k * V + v], bias) : acc[k * V + v];
            _mm512_mask_storeu_pd(out + k * r->channel_stride + 8 * v, lane_mask(0, lanes, v), value);
        }
    }
}

/// The tiles of one row for CH channels by 8*V columns; a last tile of at most half (or a quarter) of the columns
/// uses half (or a quarter) of the vectors, so a row's ragged end costs little.
static inline __attribute__((always_inline, target("avx512f")))
void accumulate_row(const convviz_tile_rows *r, const int CH, const int V, long row, long first_tile, long tiles,
                    long first_channel, long channels, double *sums) {
    for (long t = 0; t < tiles; t++) {
        const long column = r->first_column + (first_tile + t) * 8 * V, lanes = r->end_column - column;
        double *tile_sums = sums + t * CH * V * 8;
        if (V >= 4 && lanes <= 8) {
            accumulate_tile(r, CH, 1, row, column, first_channel, channels, tile_sums);
        } else if (V >= 2 && lanes <= 8 * V / 2) {
            accumulate_tile(r, CH, V / 2, row, column, first_channel, channels, tile_sums);
        } else {
            accumulate_tile(r, CH, V, row, column, first_channel, channels, tile_sums);
        }
    }
}

__attribute__((target("avx512f")))
void convviz_accumulate_tiles(const convviz_tile_rows *rows, long block_channels, long row, long first_tile,
                              long tiles, long first_channel, long channels, double *sums) {
    switch (block_channels) {
    case 4: accumulate_row(rows, 4, 2, row, first_tile, tiles, first_channel, channels, sums); break;
    case 2: accumulate_row(rows, 2, 4, row, first_tile, tiles, first_channel, channels, sums); break;
    default: accumulate_row(rows, 1, 4, row, first_tile, tiles, first_channel, channels, sums); break;
    }
}

#else

bool convviz_wide_kernel_available(void) { return false; }

void convviz_accumulate_tiles(const convviz_tile_rows *rows, long block_channels, long row, long first_tile,
                              long tiles, long first_channel, long channels, double *sums) {
    // Never called: convviz_wide_kernel_available() is false here.
    (void)rows; (void)block_channels; (void)row; (void)first_tile; (void)tiles; (void)first_channel; (void)channels;
    (void)sums;
}

#endif
