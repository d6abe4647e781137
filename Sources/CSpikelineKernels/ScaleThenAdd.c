// The spiking forward pass's decay-then-rows update at 8 AVX2 lanes (see CSpikelineKernels.h): each
// element gets the operations of VectorKernels.scaleThenAdd in its order, whatever the vector width.
#include "CSpikelineKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) void
spikeline_scale_then_add_avx2(const float *_Nullable first, const int32_t *_Nullable firstRows, intptr_t firstCount,
                              const float *_Nullable second, const int32_t *_Nullable secondRows, intptr_t secondCount,
                              float *y, float a, intptr_t n) {
  const __m256 va = _mm256_set1_ps(a);
  intptr_t i = 0;
  // Four vectors at a time: four independent chains of additions.
  for (; i + 32 <= n; i += 32) {
    __m256 s0 = _mm256_mul_ps(va, _mm256_loadu_ps(y + i)), s1 = _mm256_mul_ps(va, _mm256_loadu_ps(y + i + 8));
    __m256 s2 = _mm256_mul_ps(va, _mm256_loadu_ps(y + i + 16)), s3 = _mm256_mul_ps(va, _mm256_loadu_ps(y + i + 24));
    if (first) {
      for (intptr_t e = 0; e < firstCount; e++) {
        const float *r = first + firstRows[e] + i;
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(r)); s1 = _mm256_add_ps(s1, _mm256_loadu_ps(r + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(r + 16)); s3 = _mm256_add_ps(s3, _mm256_loadu_ps(r + 24));
      }
    }
    if (second) {
      for (intptr_t e = 0; e < secondCount; e++) {
        const float *r = second + secondRows[e] + i;
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(r)); s1 = _mm256_add_ps(s1, _mm256_loadu_ps(r + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(r + 16)); s3 = _mm256_add_ps(s3, _mm256_loadu_ps(r + 24));
      }
    }
    _mm256_storeu_ps(y + i, s0); _mm256_storeu_ps(y + i + 8, s1);
    _mm256_storeu_ps(y + i + 16, s2); _mm256_storeu_ps(y + i + 24, s3);
  }
  for (; i + 8 <= n; i += 8) {
    __m256 s = _mm256_mul_ps(va, _mm256_loadu_ps(y + i));
    if (first) for (intptr_t e = 0; e < firstCount; e++) s = _mm256_add_ps(s, _mm256_loadu_ps(first + firstRows[e] + i));
    if (second) for (intptr_t e = 0; e < secondCount; e++) s = _mm256_add_ps(s, _mm256_loadu_ps(second + secondRows[e] + i));
    _mm256_storeu_ps(y + i, s);
  }
  for (; i < n; i++) {
    float s = a * y[i];
    if (first) for (intptr_t e = 0; e < firstCount; e++) s += first[firstRows[e] + i];
    if (second) for (intptr_t e = 0; e < secondCount; e++) s += second[secondRows[e] + i];
    y[i] = s;
  }
}

#else
void spikeline_scale_then_add_avx2(const float *first, const int32_t *firstRows, intptr_t firstCount,
                                   const float *second, const int32_t *secondRows, intptr_t secondCount,
                                   float *y, float a, intptr_t n) {
  (void)first; (void)firstRows; (void)firstCount; (void)second; (void)secondRows; (void)secondCount;
  (void)y; (void)a; (void)n;
}
#endif
