/// Identifies a projection within its `Network`.
public struct ProjectionID: Hashable, Sendable, CustomStringConvertible {
  /// The projection's position in `Network.projections`.
  public let index: Int
  /// The projection at position `index`.
  public init(_ index: Int) { self.index = index }
  /// "projection N", for messages.
  public var description: String { "projection \(index)" }
}

/// Which synaptic current of the target a projection drives (exponential synapses have one
/// time constant per receptor; for delta synapses the receptor only labels the projection).
public enum Receptor: String, Sendable, Hashable, CaseIterable {
  /// The excitatory current (time constant τe); the usual receptor.
  case excitatory
  /// The inhibitory current (time constant τi); give inhibitory synapses negative weights.
  case inhibitory
}

/// The synapses from one population to another.
public struct Projection: Sendable {
  /// A name unique in its network, such as `exc->inh`.
  public var name: String
  /// The presynaptic population.
  public var source: PopulationID
  /// The postsynaptic population.
  public var target: PopulationID
  /// Which synaptic current of the target the projection drives.
  public var receptor: Receptor
  /// The synapses, one row per source neuron: target, weight (volts) and delay (seconds).
  public var synapses: SynapseTable
}
