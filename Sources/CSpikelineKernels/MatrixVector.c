// The spiking backward pass's matrix–vector product at 8 AVX2 lanes (see CSpikelineKernels.h): the
// operations of VectorKernels.addMatrixVector with 8-lane partial sums, in its order.
#include "CSpikelineKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

// The lanes summed left to right from -0, as Swift's SIMD `sum()` does.
__attribute__((target("avx2"), always_inline)) static inline float sum_lanes(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  float sum = -0.0f;
  for (int j = 0; j < 8; j++) sum += lanes[j];
  return sum;
}

__attribute__((target("avx2"), always_inline)) static inline float dot_avx2(const float *a, const float *b, intptr_t n) {
  __m256 accumulator = _mm256_setzero_ps();
  intptr_t i = 0;
  for (; i + 8 <= n; i += 8) accumulator = _mm256_add_ps(accumulator, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  float sum = sum_lanes(accumulator);
  for (; i < n; i++) sum = sum + a[i] * b[i];
  return sum;
}

__attribute__((target("avx2"))) void
spikeline_add_matrix_vector_avx2(const float *rows, intptr_t count, const float *b, intptr_t n, float *y) {
  intptr_t r = 0;
  for (; r + 4 <= count; r += 4) {
    const float *a0 = rows + r * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    intptr_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const __m256 x = _mm256_loadu_ps(b + i);
      s0 = _mm256_add_ps(s0, _mm256_mul_ps(_mm256_loadu_ps(a0 + i), x));
      s1 = _mm256_add_ps(s1, _mm256_mul_ps(_mm256_loadu_ps(a1 + i), x));
      s2 = _mm256_add_ps(s2, _mm256_mul_ps(_mm256_loadu_ps(a2 + i), x));
      s3 = _mm256_add_ps(s3, _mm256_mul_ps(_mm256_loadu_ps(a3 + i), x));
    }
    float t0 = sum_lanes(s0), t1 = sum_lanes(s1), t2 = sum_lanes(s2), t3 = sum_lanes(s3);
    for (; i < n; i++) {
      t0 = t0 + a0[i] * b[i]; t1 = t1 + a1[i] * b[i];
      t2 = t2 + a2[i] * b[i]; t3 = t3 + a3[i] * b[i];
    }
    y[r] += t0; y[r + 1] += t1; y[r + 2] += t2; y[r + 3] += t3;
  }
  for (; r < count; r++) y[r] += dot_avx2(rows + r * n, b, n);
}

#else
void spikeline_add_matrix_vector_avx2(const float *rows, intptr_t count, const float *b, intptr_t n, float *y) {
  (void)rows; (void)count; (void)b; (void)n; (void)y;
}
#endif
