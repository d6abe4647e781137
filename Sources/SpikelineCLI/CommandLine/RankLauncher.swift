import Foundation
import SpikeCore
import SpikelineSupport
#if SPIKELINE_MPI
import SpikelineMPI
#endif

/// `--ranks`: joins the MPI ranks that `mpirun` started, or explains how to get a build that can.
enum RankLauncher {
  /// Whether this build has the Open MPI transport (`SPIKELINE_MPI=1 swift build`).
  static var isAvailable: Bool {
    #if SPIKELINE_MPI
    return true
    #else
    return false
    #endif
  }

  /// The ranks this process shares its run with; call `finish(_:)` after the last exchange.
  /// - Throws: `SpikelineError` (unsupported) in a build without Open MPI.
  static func start() throws -> SpikeExchange {
    #if SPIKELINE_MPI
    return try MPISpikeExchange()
    #else
    throw SpikelineError(.unsupported, "--ranks needs a spikeline built with Open MPI: install libopenmpi-dev (apt-get install libopenmpi-dev openmpi-bin), then build with `SPIKELINE_MPI=1 swift build -c release` and start it with `mpirun -np <ranks> .build/release/spikeline run … --ranks` (README: Running on several machines)")
    #endif
  }

  /// With `--ranks` in `arguments`: joins the ranks and, unless `--threads` chose a count, sets the
  /// process's threads to this rank's share of the machine (`threadsPerRank()`). Nil without `--ranks`.
  static func startIfRequested(_ arguments: ParsedArguments, threads: inout Int?) throws -> SpikeExchange? {
    guard arguments.flag("--ranks") else { return nil }
    let exchange = try start()
    if threads == nil {
      threads = threadsPerRank()
      DeterministicParallel.setThreadCount(threads)
    }
    return exchange
  }

  /// Waits for every rank, then ends MPI for this process.
  static func finish(_ exchange: SpikeExchange) {
    #if SPIKELINE_MPI
    if let mpi = exchange as? MPISpikeExchange {
      mpi.barrier()
      mpi.finish()
    }
    #endif
  }

  /// Threads per rank when `--threads` is not given: the processors divided among the ranks that
  /// `mpirun` started on this machine (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE; 1 rank if unset).
  static func threadsPerRank() -> Int {
    let environment = ProcessInfo.processInfo.environment
    if let text = environment["SPIKELINE_THREADS"], let threads = Int(text), threads >= 1 { return threads }
    let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) } ?? 1
    return max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, local))
  }
}
