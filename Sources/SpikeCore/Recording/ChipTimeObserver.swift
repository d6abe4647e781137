
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
