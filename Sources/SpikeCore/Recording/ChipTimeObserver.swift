
/// Receives what happened in each chip tick (for per-core accounting, viewers, custom monitors).
/// Called once per tick, on the simulation's calling thread; the buffers are valid only during the
/// call. The simulation's `result` then holds the spikes, membrane samples and counters recorded up
/// to the end of that tick.
public protocol ChipTimeObserver: AnyObject {
  /// - Parameters:
  ///   - tick: the tick that just ended.
  ///   - deliveries: the deliveries made at the start of the tick.
  ///   - spikes: the units that spiked in this tick, as (population, neuron) pairs in emission order.
  func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                      spikes: UnsafeBufferPointer<SpikeEvent>)
}

/// A `ChipTimeObserver` whose work per tick the threads of a chip-time run share (the chip model's
/// per-core accounting, which would otherwise run on one thread while the others wait).
///
/// In a run on threads, every thread calls `chipTick(_:part:deliveries:spikes:)` for its own part
/// once the tick's spikes are scheduled (every thread sees the same deliveries and spikes), and one
/// thread calls `chipTickPartsDidEnd(_:)` once every part of that tick has returned, ticks in
/// order. That call may overlap the parts of the next tick (never those of the tick after), so
/// what it reads from the parts must be kept per tick parity. These calls must not read the
/// simulation (its `result` and tick are those of whichever thread is furthest). Runs that step
/// tick by tick (`step()`, MPI ranks) call `chipTickDidEnd` instead, which must give the same result.
public protocol ChipTimePartitionedObserver: ChipTimeObserver {
  /// Before a run whose ticks are split into `parts` parts (one per thread), on the calling thread.
  func chipTicksWillRun(parts: Int)

  /// Part `part` of tick `tick`'s work, on that part's thread; the buffers are those of
  /// `chipTickDidEnd` and are valid only during the call.
  func chipTick(_ tick: Int, part: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                spikes: UnsafeBufferPointer<SpikeEvent>)

  /// Every part of tick `tick` has returned: combine them.
  func chipTickPartsDidEnd(_ tick: Int)
}
