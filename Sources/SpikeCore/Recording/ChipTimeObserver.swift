/// A spike delivery waiting in (or taken from) the chip-time event queue: the synapses
/// `synapses` of row `source` of `projection`, due at `tick`.
public struct PendingDelivery: Sendable, Equatable {
  public var tick: Int32
  public var projection: UInt32
  public var source: UInt32
  /// Range of synapse indices in the projection's `SynapseTable`.
  public var firstSynapse: UInt32
  public var endSynapse: UInt32

  public var synapseRange: Range<Int> { Int(firstSynapse)..<Int(endSynapse) }
  public var synapseCount: Int { Int(endSynapse - firstSynapse) }
}

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

/// One spike of one unit.
public struct SpikeEvent: Sendable, Equatable {
  public var population: Int32
  public var neuron: Int32
  public init(population: Int32, neuron: Int32) { self.population = population; self.neuron = neuron }
}
