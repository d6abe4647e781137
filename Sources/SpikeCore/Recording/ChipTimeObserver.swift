
/// Receives what happened in each chip tick (for per-core accounting, viewers, custom monitors).
/// Called once per tick; the buffers are valid only during the call.
public protocol ChipTimeObserver: AnyObject {
  /// - Parameters:
  ///   - tick: the tick that just ended.
  ///   - deliveries: the deliveries made at the start of the tick.
  ///   - spikes: the units that spiked in this tick, as (population, neuron) pairs in emission order.
  func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                      spikes: UnsafeBufferPointer<SpikeEvent>)
}
