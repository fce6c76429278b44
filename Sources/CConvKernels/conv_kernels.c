// The AVX-512 tile of the convolution kernel, compiled for AVX-512F only inside this function and chosen at run
// time, so the rest of convviz still runs on any x86-64 with AVX2. Built with -ffp-contract=off: a multiply and
// the add after it must stay two roundings, as in the traces the animation shows.
#include "conv_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

bool convviz_wide_kernel_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

__attribute__((target("avx512f")))
void convviz_accumulate_4x16(const double *input, long plane_size, long input_width, const long *row_sources,
                             long kernel_height, long kernel_width, long dilation_width, long channels,
                             const double *weights, bool resume, double *sums, double *output, long channel_stride,
                             const double *bias) {
    __m512d acc[8];
    for (int i = 0; i < 8; i++) acc[i] = resume ? _mm512_loadu_pd(sums + 8 * i) : _mm512_setzero_pd();
    const long taps_per_row = kernel_width * 8;
    for (long c = 0; c < channels; c++) {
        const double *plane = input + c * plane_size;
        for (long a = 0; a < kernel_height; a++) {
            const long row = row_sources[a];
            if (row < 0) {
                weights += taps_per_row;
                continue;
            }
            const double *x = plane + row * input_width;
            for (long b = 0; b < kernel_width; b++) {
                const __m512d left = _mm512_loadu_pd(x), right = _mm512_loadu_pd(x + 8);
                for (int k = 0; k < 4; k++) {
                    const __m512d w = _mm512_set1_pd(weights[2 * k]);
                    acc[2 * k] = _mm512_add_pd(acc[2 * k], _mm512_mul_pd(w, left));
                    acc[2 * k + 1] = _mm512_add_pd(acc[2 * k + 1], _mm512_mul_pd(w, right));
                }
                weights += 8;
                x += dilation_width;
            }
        }
    }
    if (output == NULL) {
        for (int i = 0; i < 8; i++) _mm512_storeu_pd(sums + 8 * i, acc[i]);
        return;
    }
    for (int k = 0; k < 4; k++) {
        __m512d left = acc[2 * k], right = acc[2 * k + 1];
        if (bias != NULL) {
            const __m512d b = _mm512_set1_pd(bias[k]);
            left = _mm512_add_pd(left, b);
            right = _mm512_add_pd(right, b);
        }
        _mm512_storeu_pd(output + k * channel_stride, left);
        _mm512_storeu_pd(output + k * channel_stride + 8, right);
    }
}

#else

bool convviz_wide_kernel_available(void) { return false; }

void convviz_accumulate_4x16(const double *input, long plane_size, long input_width, const long *row_sources,
                             long kernel_height, long kernel_width, long dilation_width, long channels,
                             const double *weights, bool resume, double *sums, double *output, long channel_stride,
                             const double *bias) {
    // Never called: convviz_wide_kernel_available() is false here.
    (void)input; (void)plane_size; (void)input_width; (void)row_sources; (void)kernel_height; (void)kernel_width;
    (void)dilation_width; (void)channels; (void)weights; (void)resume; (void)sums; (void)output; (void)channel_stride;
    (void)bias;
}

#endif
