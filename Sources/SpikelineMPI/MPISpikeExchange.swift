import CMPI
import SpikeCore
import SpikelineSupport

/// Ranks as Open MPI processes (`mpirun -np N spikeline run … --ranks`): each tick's messages are
/// swapped with `MPI_Allgather` (the lengths) and `MPI_Allgatherv` (the words) over MPI_COMM_WORLD.
///
/// Built only with `SPIKELINE_MPI=1` and Open MPI's headers and library installed (Debian:
/// `libopenmpi-dev`). Only the thread that created the exchange calls MPI (MPI_THREAD_FUNNELED):
/// the simulation's worker threads never do. MPI errors abort every rank (MPI's default handler).
public final class MPISpikeExchange: SpikeExchange {
  public let rank: Int
  public let rankCount: Int
  private var lengths: [Int32]
  private var displacements: [Int32]

  /// Initialises MPI (once per process) and joins MPI_COMM_WORLD.
  /// - Throws: `SpikelineError` if MPI cannot start.
  public init() throws {
    if spikeline_mpi_initialized() == 0 {
      let code = spikeline_mpi_init()
      guard code == 0 else { throw SpikelineError(.io, "MPI_Init_thread failed with MPI error \(code)") }
    }
    rank = Int(spikeline_mpi_rank())
    rankCount = Int(spikeline_mpi_size())
    lengths = Array(repeating: 0, count: rankCount)
    displacements = Array(repeating: 0, count: rankCount)
  }

  public func allGather(_ message: [Int32], into received: inout [Int32], counts: inout [Int]) {
    _ = lengths.withUnsafeMutableBufferPointer { lengths in
      spikeline_mpi_allgather_counts(Int32(message.count), lengths.baseAddress)
    }
    var total = 0
    for r in 0..<rankCount {
      displacements[r] = Int32(total)
      total += Int(lengths[r])
    }
    received.removeAll(keepingCapacity: true)
    received.append(contentsOf: repeatElement(0, count: total))
    message.withUnsafeBufferPointer { words in
      received.withUnsafeMutableBufferPointer { output in
        lengths.withUnsafeBufferPointer { lengths in
          displacements.withUnsafeBufferPointer { displacements in
            _ = spikeline_mpi_allgatherv_int32(words.baseAddress, Int32(words.count), output.baseAddress,
                                               lengths.baseAddress, displacements.baseAddress)
          }
        }
      }
    }
    counts.removeAll(keepingCapacity: true)
    for length in lengths { counts.append(Int(length)) }
  }

  /// Waits for every rank (e.g. before rank 0 reports, so timings cover all of them).
  public func barrier() { _ = spikeline_mpi_barrier() }

  /// Ends MPI for this process; call once, after the last exchange.
  public func finish() { _ = spikeline_mpi_finalize() }

  /// Stops every rank with `code` (when one rank fails and the others would wait forever).
  public func abort(code: Int32) { spikeline_mpi_abort(code) }
}
