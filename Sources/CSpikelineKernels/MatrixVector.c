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

// Eight rows' partial sums, v[r] holding row r's 8 lanes, transposed so that w[j] holds lane j of
// every row: then w[0] + w[1] + … + w[7], added in that order, is each row's left-to-right lane sum,
// eight rows per instruction.
__attribute__((target("avx2"), always_inline)) static inline __m256 sum_lanes8(const __m256 v[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
  const __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
  const __m256 t4 = _mm256_unpacklo_ps(v[4], v[5]), t5 = _mm256_unpackhi_ps(v[4], v[5]);
  const __m256 t6 = _mm256_unpacklo_ps(v[6], v[7]), t7 = _mm256_unpackhi_ps(v[6], v[7]);
  // u0: lanes 0 and 4 of rows 0-3; u1: lanes 1 and 5; u2: 2 and 6; u3: 3 and 7; u4-u7: rows 4-7.
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  __m256 sum = _mm256_permute2f128_ps(u0, u4, 0x20);                   // lane 0 (-0 + x is x)
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u1, u5, 0x20));      // lane 1
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u2, u6, 0x20));      // lane 2
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u3, u7, 0x20));      // lane 3
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u0, u4, 0x31));      // lane 4
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u1, u5, 0x31));      // lane 5
  sum = _mm256_add_ps(sum, _mm256_permute2f128_ps(u2, u6, 0x31));      // lane 6
  return _mm256_add_ps(sum, _mm256_permute2f128_ps(u3, u7, 0x31));     // lane 7
}

__attribute__((target("avx2"))) void
spikeline_add_matrix_vector_avx2(const float *rows, intptr_t count, const float *b, intptr_t n, float *y) {
  intptr_t r = 0;
  // Eight rows at a time: eight independent chains share each load of b, and their lane sums take
  // eight vector additions instead of 64 scalar ones. Each row gets the same operations as below.
  for (; r + 8 <= count; r += 8) {
    const float *a = rows + r * n;
    __m256 s[8];
    for (int j = 0; j < 8; j++) s[j] = _mm256_setzero_ps();
    intptr_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const __m256 x = _mm256_loadu_ps(b + i);
      for (int j = 0; j < 8; j++) s[j] = _mm256_add_ps(s[j], _mm256_mul_ps(_mm256_loadu_ps(a + j * n + i), x));
    }
    __m256 t = sum_lanes8(s);
    for (; i < n; i++) {
      const __m256 column = _mm256_setr_ps(a[i], a[n + i], a[2 * n + i], a[3 * n + i], a[4 * n + i], a[5 * n + i],
                                           a[6 * n + i], a[7 * n + i]);
      t = _mm256_add_ps(t, _mm256_mul_ps(column, _mm256_set1_ps(b[i])));
    }
    _mm256_storeu_ps(y + r, _mm256_add_ps(_mm256_loadu_ps(y + r), t));
  }
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
