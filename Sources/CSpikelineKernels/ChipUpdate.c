// Chip time's neuron update at 8 AVX2 lanes (see CSpikelineKernels.h): each neuron gets the operations
// of SpikeCore's ChipKernels.update (ChipCoefficients.integrate, then NeuronTickRule.settle) in its order.
#include "CSpikelineKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"), always_inline)) static inline intptr_t
update_avx2(const spikeline_chip_coefficients *c, int exponential, intptr_t i, intptr_t end, float *v, float *ie,
            float *ii, float *x, int32_t *r, int32_t *spikers, intptr_t *next) {
  const __m256 membraneDecay = _mm256_set1_ps(c->membraneDecay), excitatoryDecay = _mm256_set1_ps(c->excitatoryDecay);
  const __m256 inhibitoryDecay = _mm256_set1_ps(c->inhibitoryDecay), excitatoryGain = _mm256_set1_ps(c->excitatoryGain);
  const __m256 inhibitoryGain = _mm256_set1_ps(c->inhibitoryGain), restingPotential = _mm256_set1_ps(c->restingPotential);
  const __m256 biasPerTick = _mm256_set1_ps(c->biasPerTick), threshold = _mm256_set1_ps(c->threshold);
  const __m256 zero = _mm256_setzero_ps();
  const __m256i noCountdown = _mm256_setzero_si256();
  intptr_t count = 0;
  for (; i + 8 <= end; i += 8) {
    const __m256 previous = _mm256_loadu_ps(v + i);
    __m256i countdown = _mm256_loadu_si256((const __m256i *)(r + i));
    __m256 e = zero, h = zero, drive = zero;
    if (exponential) {
      e = _mm256_loadu_ps(ie + i);
      h = _mm256_loadu_ps(ii + i);
    } else {
      drive = _mm256_loadu_ps(x + i);
    }
    // V_rest + β·(V − V_rest) + b' + g_e·I_e + g_i·I_i + x, left to right.
    __m256 integrated = _mm256_add_ps(restingPotential, _mm256_mul_ps(membraneDecay, _mm256_sub_ps(previous, restingPotential)));
    integrated = _mm256_add_ps(integrated, biasPerTick);
    integrated = _mm256_add_ps(integrated, _mm256_mul_ps(excitatoryGain, e));
    integrated = _mm256_add_ps(integrated, _mm256_mul_ps(inhibitoryGain, h));
    integrated = _mm256_add_ps(integrated, drive);
    if (exponential) {
      _mm256_storeu_ps(ie + i, _mm256_mul_ps(excitatoryDecay, e));
      _mm256_storeu_ps(ii + i, _mm256_mul_ps(inhibitoryDecay, h));
    } else {
      _mm256_storeu_ps(x + i, zero);
    }
    // A refractory neuron keeps its potential and counts down; the others spike at V ≥ θ.
    const __m256i held = _mm256_cmpgt_epi32(countdown, noCountdown);
    const __m256 heldLanes = _mm256_castsi256_ps(held);
    _mm256_storeu_ps(v + i, _mm256_blendv_ps(integrated, previous, heldLanes));
    countdown = _mm256_add_epi32(countdown, held);  // −1 where held
    _mm256_storeu_si256((__m256i *)(r + i), countdown);
    unsigned int spikes = (unsigned int)_mm256_movemask_ps(_mm256_andnot_ps(heldLanes, _mm256_cmp_ps(integrated, threshold, _CMP_GE_OQ)));
    while (spikes) {
      spikers[count++] = (int32_t)(i + __builtin_ctz(spikes));
      spikes &= spikes - 1;
    }
  }
  *next = i;
  return count;
}

__attribute__((target("avx2"))) intptr_t
spikeline_chip_update_avx2(const spikeline_chip_coefficients *c, int exponential, intptr_t begin, intptr_t end, float *v,
                           float *ie, float *ii, float *x, int32_t *r, int32_t *spikers, intptr_t *next) {
  // Two copies of the loop, so that neither tests `exponential` per vector.
  if (exponential) return update_avx2(c, 1, begin, end, v, ie, ii, x, r, spikers, next);
  return update_avx2(c, 0, begin, end, v, ie, ii, x, r, spikers, next);
}

#else
intptr_t spikeline_chip_update_avx2(const spikeline_chip_coefficients *c, int exponential, intptr_t begin, intptr_t end,
                                    float *v, float *ie, float *ii, float *x, int32_t *r, int32_t *spikers, intptr_t *next) {
  (void)c; (void)exponential; (void)end; (void)v; (void)ie; (void)ii; (void)x; (void)r; (void)spikers;
  *next = begin;
  return 0;
}
#endif
