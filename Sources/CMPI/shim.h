// Open MPI for Spikeline's rank exchange, built only with SPIKELINE_MPI=1 (see Package.swift).
// MPI_COMM_WORLD and MPI_INT are macros Swift cannot import, so the calls Spikeline makes are
// wrapped here in static inline functions.
#ifndef SPIKELINE_CMPI_SHIM_H
#define SPIKELINE_CMPI_SHIM_H

#include <mpi.h>

/// MPI_Init_thread with MPI_THREAD_FUNNELED (only the main thread calls MPI). Returns an MPI error code.
static inline int spikeline_mpi_init(void) {
  int provided = 0;
  return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}

static inline int spikeline_mpi_initialized(void) {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag;
}

static inline int spikeline_mpi_finalize(void) { return MPI_Finalize(); }

static inline int spikeline_mpi_rank(void) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

static inline int spikeline_mpi_size(void) {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

/// Every rank's count, then every rank's 32-bit words, over MPI_COMM_WORLD.
static inline int spikeline_mpi_allgather_counts(int count, int *counts) {
  return MPI_Allgather(&count, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
}

static inline int spikeline_mpi_allgatherv_int32(const int *words, int count, int *received,
                                                 const int *counts, const int *displacements) {
  return MPI_Allgatherv(words, count, MPI_INT, received, counts, displacements, MPI_INT, MPI_COMM_WORLD);
}

static inline int spikeline_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

static inline void spikeline_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

#endif
