// Spiking training's weight-gradient rows at 8 AVX2 lanes (see CSpikelineKernels.h): each element gets
// the operations of VectorKernels.addScaledRows in its order, whatever the vector width.
#include "CSpikelineKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) void
spikeline_add_scaled_rows_avx2(const spikeline_scaled_rows *parts, intptr_t partCount, float *y, intptr_t n) {
  intptr_t i = 0;
  // Four vectors of y held in registers across every entry.
  for (; i + 32 <= n; i += 32) {
    __m256 y0 = _mm256_loadu_ps(y + i), y1 = _mm256_loadu_ps(y + i + 8);
    __m256 y2 = _mm256_loadu_ps(y + i + 16), y3 = _mm256_loadu_ps(y + i + 24);
    for (intptr_t p = 0; p < partCount; p++) {
      const spikeline_scaled_rows part = parts[p];
      for (intptr_t e = 0; e < part.count; e++) {
        const float *x = part.rows + ((intptr_t)part.indices[e] * n + i);
        const __m256 a = _mm256_set1_ps(part.scales[e]);
        y0 = _mm256_add_ps(y0, _mm256_mul_ps(a, _mm256_loadu_ps(x)));
        y1 = _mm256_add_ps(y1, _mm256_mul_ps(a, _mm256_loadu_ps(x + 8)));
        y2 = _mm256_add_ps(y2, _mm256_mul_ps(a, _mm256_loadu_ps(x + 16)));
        y3 = _mm256_add_ps(y3, _mm256_mul_ps(a, _mm256_loadu_ps(x + 24)));
      }
    }
    _mm256_storeu_ps(y + i, y0); _mm256_storeu_ps(y + i + 8, y1);
    _mm256_storeu_ps(y + i + 16, y2); _mm256_storeu_ps(y + i + 24, y3);
  }
  for (; i + 8 <= n; i += 8) {
    __m256 y0 = _mm256_loadu_ps(y + i);
    for (intptr_t p = 0; p < partCount; p++) {
      const spikeline_scaled_rows part = parts[p];
      for (intptr_t e = 0; e < part.count; e++) {
        const float *x = part.rows + ((intptr_t)part.indices[e] * n + i);
        y0 = _mm256_add_ps(y0, _mm256_mul_ps(_mm256_set1_ps(part.scales[e]), _mm256_loadu_ps(x)));
      }
    }
    _mm256_storeu_ps(y + i, y0);
  }
  for (; i < n; i++) {
    float sum = y[i];
    for (intptr_t p = 0; p < partCount; p++) {
      const spikeline_scaled_rows part = parts[p];
      for (intptr_t e = 0; e < part.count; e++) sum = sum + part.scales[e] * part.rows[(intptr_t)part.indices[e] * n + i];
    }
    y[i] = sum;
  }
}

#else
void spikeline_add_scaled_rows_avx2(const spikeline_scaled_rows *parts, intptr_t partCount, float *y, intptr_t n) {
  (void)parts; (void)partCount; (void)y; (void)n;
}
#endif
