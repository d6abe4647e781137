// Spikeline's run-time dispatched vector kernels.
//
// Swift compiles one instruction set per build (baseline x86-64 by default: 4-lane SSE2). These few
// innermost loops are compiled here a second and third time for 8-lane AVX2 and 16-lane AVX-512, each
// behind a function-level target attribute, and chosen at run time from what the CPU and the operating
// system support. Every kernel performs the same IEEE operations in the same order as the portable
// Swift kernel it stands in for (a multiplication, then an addition: never fused), so results are the
// same bits on every machine; only how many values one instruction computes changes.
#ifndef CSPIKELINE_KERNELS_H
#define CSPIKELINE_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma clang assume_nonnull begin

/// The widest vector instruction set that both this CPU and the operating system support:
/// 0 = baseline (no dispatched kernel), 1 = AVX2 (8 float lanes), 2 = AVX-512F (16 float lanes).
int spikeline_vector_level(void);

/// 1 when 512-bit vectors are no faster than 256-bit ones on this CPU although it has AVX-512F: AMD's
/// family 19h (Zen 4) runs each 512-bit operation as two 256-bit halves. 0 otherwise.
int spikeline_prefers_256_bit_vectors(void);

/// The kernels to run: 2 (AVX-512F) when supported and not on a CPU that prefers 256-bit vectors, else 1
/// (AVX2) when supported, else 0 (the Swift kernels). The environment variable SPIKELINE_KERNELS =
/// portable | avx2 | avx512 picks another supported level (an unsupported or unknown value is ignored).
int spikeline_selected_level(void);

/// C[6 × 16] += A-sliver · B-panel with AVX2 (level 1 only). `a`: 6 floats per step; `b`: 16 floats per
/// row of the panel; `steps`: the panel rows to visit (NULL: rows 0 ..< count). Twelve accumulators start
/// at zero and receive a·b, rounded, then added, step by step; each is then added to C (`ldc` floats per row).
void spikeline_gemm_tile_6x16_avx2(intptr_t count, const int32_t *_Nullable steps, const float *a, const float *b,
                                   float *c, intptr_t ldc);

/// C[6 × 32] += A-sliver · B-panel with AVX-512F (level 2 only); as the AVX2 tile with 32 floats per panel row.
void spikeline_gemm_tile_6x32_avx512(intptr_t count, const int32_t *_Nullable steps, const float *a, const float *b,
                                     float *c, intptr_t ldc);

/// y[r] += Σ_i rows[r·n + i]·b[i] for r in 0 ..< count with AVX2 (level ≥ 1): four rows at a time, each
/// summed in 8 lanes (a product rounded, then added), the lanes added left to right, then the last
/// n mod 8 elements one by one; the operations of Swift's VectorKernels.addMatrixVector in its 8-lane form.
void spikeline_add_matrix_vector_avx2(const float *rows, intptr_t count, const float *b, intptr_t n, float *y);

/// y[i] ← ((a·y[i] + first[firstRows[0] + i]) + first[firstRows[1] + i]) + … then the rows of `second`, in
/// that order, for i in 0 ..< n, with AVX2 (level ≥ 1): Swift's VectorKernels.scaleThenAdd. `first` or
/// `second` may be NULL (no rows).
void spikeline_scale_then_add_avx2(const float *_Nullable first, const int32_t *_Nullable firstRows, intptr_t firstCount,
                                   const float *_Nullable second, const int32_t *_Nullable secondRows, intptr_t secondCount,
                                   float *y, float a, intptr_t n);

/// One sample's entries for a row of a weight gradient: entry e adds scales[e]·(rows + indices[e]·n).
/// The layout of Swift's VectorKernels.ScaledRows, which is this type.
typedef struct spikeline_scaled_rows {
  const float *rows;
  const int32_t *indices;
  const float *scales;
  intptr_t count;
} spikeline_scaled_rows;

/// y[i] += scales[e]·rows[indices[e]·n + i] (product rounded, then added) for every entry e of every part,
/// parts and entries in order, for i in 0 ..< n, with AVX2 (level ≥ 1): Swift's VectorKernels.addScaledRows.
void spikeline_add_scaled_rows_avx2(const spikeline_scaled_rows *parts, intptr_t partCount, float *y, intptr_t n);

/// The coefficients of one chip tick (SpikeCore's ChipCoefficients), single precision.
typedef struct spikeline_chip_coefficients {
  float membraneDecay, excitatoryDecay, inhibitoryDecay, excitatoryGain, inhibitoryGain;
  float restingPotential, biasPerTick, threshold;
} spikeline_chip_coefficients;

/// Chip time's float neuron update with AVX2 (level ≥ 1) for neurons begin, begin + 8, … while eight
/// fit before `end`: integrates (exponential synapses: I_e, I_i, then decays them; else the summed input
/// x, then clears it), settles refractory neurons and writes the index of every spiking neuron to
/// `spikers` in increasing order; V is left un-reset. Returns how many spiked and sets `next` to the first
/// neuron not updated. The operations of SpikeCore's ChipKernels.update, in its order.
intptr_t spikeline_chip_update_avx2(const spikeline_chip_coefficients *c, int exponential, intptr_t begin, intptr_t end,
                                    float *v, float *ie, float *ii, float *x, int32_t *r, int32_t *spikers,
                                    intptr_t *next);

#pragma clang assume_nonnull end

#ifdef __cplusplus
}
#endif

#endif
