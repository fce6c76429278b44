#ifndef CONVVIZ_CONV_KERNELS_H
#define CONVVIZ_CONV_KERNELS_H

#include <stdbool.h>

/// Whether this CPU (and its operating system) runs AVX-512F code: the wide tiles below may be called.
bool convviz_wide_kernel_available(void);

/// One channel block of one image, as the AVX-512 tiles read and write it (stride 1 along the width).
///
/// Output row `row` of the block is split into tiles of `columns` consecutive output columns starting at column
/// `first_column`; tile `t` starts at `first_column + t * columns`. A tile lane whose output column is at or past
/// `end_column` is neither computed nor stored, and a tap whose input column falls outside `0..<input_width` (zero
/// padding) is skipped for that lane, so tiles may cover padded edges and a row's ragged end.
typedef struct convviz_tile_rows {
    /// The block's first kernel channel: the input plane (image n, the group's first input channel).
    const double *input;
    /// Doubles per input plane (H * W) and per input row (W).
    long plane_size, input_width;
    /// For output row i and kernel row a, the input row read, or -1 for a zero-padding row: `[i * kernel_height + a]`.
    const long *row_sources;
    /// Kernel extents (kernel channels per group, rows, columns) and the dilation along the width.
    long kernel_channels, kernel_height, kernel_width, dilation_width;
    /// The left padding: output column j reads input column `j + b * dilation_width - pad_left` through kernel
    /// column b.
    long pad_left;
    /// The block's tile weights: per tap (kernel channel, row, column), each of the block's channels stored twice.
    const double *weights;
    /// The block's first output channel of image n, at row 0, column 0; channel k is `channel_stride` further on.
    double *output;
    /// Doubles per output row (W_out) and per output channel (H_out * W_out).
    long output_width, channel_stride;
    /// The first output column of the first tile, and the end of the columns the tiles compute.
    long first_column, end_column;
    /// The block's biases (one per channel), or NULL.
    const double *bias;
} convviz_tile_rows;

/// Adds to tiles `first_tile ..< first_tile + tiles` of output row `row` the products of kernel channels
/// `first_channel ..< first_channel + channels`, for a block of `block_channels` output channels (4, 2 or 1) in
/// tiles of 16, 32 and 32 columns.
///
/// Each cell's sum starts at +0.0 (or, when `first_channel` > 0, resumes from `sums`, `block_channels * columns`
/// doubles per tile) and adds weight * input per tap as one fused multiply-add (rounded once) in the order (kernel
/// channel, kernel row, kernel column), skipping zero padding: the steps of ``Convolution/trace``, so every sum is
/// bit-identical to it. When the channels end at `kernel_channels`, the finished cells (plus the bias) go to the
/// output; otherwise the running sums go back to `sums`.
void convviz_accumulate_tiles(const convviz_tile_rows *rows, long block_channels, long row, long first_tile,
                              long tiles, long first_channel, long channels, double *sums);

/// Output columns in a tile of the AVX-512 kernel for a block of `block_channels` output channels.
long convviz_tile_columns(long block_channels);

#endif
