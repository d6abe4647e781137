// Which vector instruction set the kernels may use: the CPU must have it (CPUID) and the operating
// system must save its registers on a context switch (XCR0, read with XGETBV).
#include "CSpikelineKernels.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

static uint64_t spikeline_xcr0(void) {
  uint32_t low, high;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return ((uint64_t)high << 32) | low;
}

int spikeline_vector_level(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned int osxsave = 1u << 27, avx = 1u << 28;
  if ((ecx & osxsave) == 0 || (ecx & avx) == 0) return 0;
  const uint64_t xcr0 = spikeline_xcr0();
  if ((xcr0 & 0x6) != 0x6) return 0;  // SSE and AVX state
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned int avx2 = 1u << 5, avx512f = 1u << 16;
  if ((ebx & avx2) == 0) return 0;
  if ((ebx & avx512f) != 0 && (xcr0 & 0xE6) == 0xE6) return 2;  // plus opmask and ZMM state
  return 1;
}

int spikeline_prefers_256_bit_vectors(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return 0;
  // "AuthenticAMD" in EBX, EDX, ECX.
  if (ebx != 0x68747541u || edx != 0x69746e65u || ecx != 0x444d4163u) return 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  unsigned int family = (eax >> 8) & 0xF;
  if (family == 0xF) family += (eax >> 20) & 0xFF;
  return family == 0x19;
}
#else
int spikeline_vector_level(void) { return 0; }
int spikeline_prefers_256_bit_vectors(void) { return 0; }
#endif

int spikeline_selected_level(void) {
  const int supported = spikeline_vector_level();
  const char *chosen = getenv("SPIKELINE_KERNELS");
  if (chosen) {
    if (strcmp(chosen, "portable") == 0) return 0;
    if (strcmp(chosen, "avx2") == 0 && supported >= 1) return 1;
    if (strcmp(chosen, "avx512") == 0 && supported >= 2) return 2;
  }
  if (supported >= 2 && !spikeline_prefers_256_bit_vectors()) return 2;
  return supported >= 1 ? 1 : 0;
}
