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
