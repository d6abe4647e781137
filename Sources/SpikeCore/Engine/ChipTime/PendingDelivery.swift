/// A spike delivery waiting in (or taken from) the chip-time event queue: the synapses
/// `synapses` of row `source` of `projection`, due at `tick`.
public struct PendingDelivery: Sendable, Equatable {
  /// The tick at which the synapses receive the spike.
  public var tick: Int32
  /// Index of the projection in the network.
  public var projection: UInt32
  /// The spiking neuron, an index in the projection's source population.
  public var source: UInt32
  /// Range of synapse indices in the projection's `SynapseTable`.
  public var firstSynapse: UInt32
  /// One past the last synapse index of the run.
  public var endSynapse: UInt32

  /// The synapse indices delivered.
  public var synapseRange: Range<Int> { Int(firstSynapse)..<Int(endSynapse) }
  /// The number of synaptic events the delivery makes.
  public var synapseCount: Int { Int(endSynapse - firstSynapse) }
}
