#ifndef CONVVIZ_CONV_KERNELS_H
#define CONVVIZ_CONV_KERNELS_H

#include <stdbool.h>

/// Whether this CPU (and its operating system) runs AVX-512F code: the wide kernel below may be called.
bool convviz_wide_kernel_available(void);

/// The sums of products, before the bias, of 4 output channels by 16 consecutive output columns of one output row,
/// with AVX-512: `sums[k * 16 + j]` for channel k, column j. Each sum starts at +0.0 and adds weight * input (a
/// multiply, then an add, never fused) per tap in the order (kernel channel, kernel row, kernel column), skipping
/// rows that are zero padding: the order of ``Convolution/trace``, so every sum is bit-identical to it.
///
/// - input: the first kernel channel's plane, offset to the input column the first output column's first tap reads.
/// - row_sources: for each kernel row, the input row it reads, or -1 for a zero-padding row.
/// - weights: per tap, the 4 channels' weights each stored twice (the plan's tile layout), 8 doubles a tap.
/// - resume: start from the sums already in `sums` (the previous chunk of kernel channels) instead of +0.0.
/// - output: for the last chunk, where the finished cells go (channel k's 16 at `output + k * channel_stride`), each
///   plus `bias[k]` when `bias` is not NULL; NULL to leave the sums in `sums` for the next chunk.
/// - Only for stride 1 along the width and columns whose taps all read real input columns.
void convviz_accumulate_4x16(const double *input, long plane_size, long input_width, const long *row_sources,
                             long kernel_height, long kernel_width, long dilation_width, long channels,
                             const double *weights, bool resume, double *sums, double *output, long channel_stride,
                             const double *bias);

#endif
