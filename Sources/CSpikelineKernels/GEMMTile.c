// The GEMM micro-kernel at 8 and 16 lanes (see CSpikelineKernels.h): the same tile as the Swift
// micro-kernel in SpikeTraining/Dense/GEMM, 6 rows by two vectors, summed in the same order.
#include "CSpikelineKernels.h"

// A multiplication followed by an addition must stay two roundings, as in the portable kernel.
#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

#define SPIKELINE_TILE(VEC, ZERO, LOAD, STORE, BROADCAST, MUL, ADD, WIDTH)                                  \
  VEC c00 = ZERO(), c01 = ZERO(), c10 = ZERO(), c11 = ZERO(), c20 = ZERO(), c21 = ZERO();                  \
  VEC c30 = ZERO(), c31 = ZERO(), c40 = ZERO(), c41 = ZERO(), c50 = ZERO(), c51 = ZERO();                  \
  for (intptr_t q = 0; q < count; q++) {                                                                   \
    const float *pb = b + (steps ? (intptr_t)steps[q] : q) * (2 * WIDTH);                                  \
    const VEC b0 = LOAD(pb), b1 = LOAD(pb + WIDTH);                                                        \
    VEC s = BROADCAST(a[0]); c00 = ADD(c00, MUL(s, b0)); c01 = ADD(c01, MUL(s, b1));                       \
    s = BROADCAST(a[1]); c10 = ADD(c10, MUL(s, b0)); c11 = ADD(c11, MUL(s, b1));                           \
    s = BROADCAST(a[2]); c20 = ADD(c20, MUL(s, b0)); c21 = ADD(c21, MUL(s, b1));                           \
    s = BROADCAST(a[3]); c30 = ADD(c30, MUL(s, b0)); c31 = ADD(c31, MUL(s, b1));                           \
    s = BROADCAST(a[4]); c40 = ADD(c40, MUL(s, b0)); c41 = ADD(c41, MUL(s, b1));                           \
    s = BROADCAST(a[5]); c50 = ADD(c50, MUL(s, b0)); c51 = ADD(c51, MUL(s, b1));                           \
    a += 6;                                                                                                \
  }                                                                                                        \
  STORE(c, ADD(LOAD(c), c00)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c01)); c += ldc;                      \
  STORE(c, ADD(LOAD(c), c10)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c11)); c += ldc;                      \
  STORE(c, ADD(LOAD(c), c20)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c21)); c += ldc;                      \
  STORE(c, ADD(LOAD(c), c30)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c31)); c += ldc;                      \
  STORE(c, ADD(LOAD(c), c40)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c41)); c += ldc;                      \
  STORE(c, ADD(LOAD(c), c50)); STORE(c + WIDTH, ADD(LOAD(c + WIDTH), c51));

// Two copies of each loop, with and without a step list, so that neither tests `steps` per step.
__attribute__((target("avx2"), always_inline)) static inline void
tile_avx2(intptr_t count, const int32_t *steps, const float *a, const float *b, float *c, intptr_t ldc) {
  SPIKELINE_TILE(__m256, _mm256_setzero_ps, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_set1_ps, _mm256_mul_ps,
                 _mm256_add_ps, 8)
}

__attribute__((target("avx2"))) void
spikeline_gemm_tile_6x16_avx2(intptr_t count, const int32_t *steps, const float *a, const float *b, float *c,
                              intptr_t ldc) {
  if (steps) tile_avx2(count, steps, a, b, c, ldc);
  else tile_avx2(count, 0, a, b, c, ldc);
}

__attribute__((target("avx512f"), always_inline)) static inline void
tile_avx512(intptr_t count, const int32_t *steps, const float *a, const float *b, float *c, intptr_t ldc) {
  SPIKELINE_TILE(__m512, _mm512_setzero_ps, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_set1_ps, _mm512_mul_ps,
                 _mm512_add_ps, 16)
}

__attribute__((target("avx512f"))) void
spikeline_gemm_tile_6x32_avx512(intptr_t count, const int32_t *steps, const float *a, const float *b, float *c,
                                intptr_t ldc) {
  if (steps) tile_avx512(count, steps, a, b, c, ldc);
  else tile_avx512(count, 0, a, b, c, ldc);
}

#else
// Other architectures never select a dispatched kernel (spikeline_vector_level() is 0).
void spikeline_gemm_tile_6x16_avx2(intptr_t count, const int32_t *steps, const float *a, const float *b, float *c,
                                   intptr_t ldc) {
  (void)count; (void)steps; (void)a; (void)b; (void)c; (void)ldc;
}
void spikeline_gemm_tile_6x32_avx512(intptr_t count, const int32_t *steps, const float *a, const float *b,
                                     float *c, intptr_t ldc) {
  (void)count; (void)steps; (void)a; (void)b; (void)c; (void)ldc;
}
#endif
