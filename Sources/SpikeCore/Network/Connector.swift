import SpikelineSupport

/// Which source–target pairs a projection connects.
public enum Connector: Sendable, Equatable {
  /// Every source to every target; `selfConnections` matters only when source and target are the
  /// same population.
  case allToAll(selfConnections: Bool = true)
  /// Source i to target i (the populations must have the same size).
  case oneToOne
  /// Each pair independently with probability p (seeded).
  case fixedProbability(Double, selfConnections: Bool = true)
  /// An explicit list of synapses; a synapse's own weight or delay overrides the projection's rule.
  case explicit([SynapseSpec])
  /// A dense weight matrix, row-major [source][target]. Zero entries are kept (a dense layer
  /// on a chip stores them) unless `dropZeros`.
  case denseMatrix(weights: [Double], dropZeros: Bool = false)
}

/// One synapse of an explicit connector.
public struct SynapseSpec: Sendable, Equatable {
  /// The presynaptic neuron, an index in the source population.
  public var source: Int
  /// The postsynaptic neuron, an index in the target population.
  public var target: Int
  /// Volts; nil takes the projection's weight rule.
  public var weight: Double?
  /// Seconds; nil takes the projection's delay rule.
  public var delay: Double?
  /// A synapse from `source` to `target`; a nil weight (volts) or delay (seconds) takes the projection's rule.
  public init(source: Int, target: Int, weight: Double? = nil, delay: Double? = nil) {
    self.source = source; self.target = target; self.weight = weight; self.delay = delay
  }
}

/// How synaptic weights are chosen (volts, or volts of drive for exponential synapses).
public enum WeightRule: Sendable, Equatable {
  /// Every synapse gets this weight.
  case constant(Double)
  /// Uniform in [low, high).
  case uniform(Double, Double)
  /// Normal with this mean and standard deviation.
  case normal(mean: Double, standardDeviation: Double)

  func draw(_ generator: inout SeededGenerator) -> Double {
    switch self {
    case .constant(let value): return value
    case .uniform(let low, let high): return generator.uniform(low, high)
    case .normal(let mean, let sd): return generator.normal(mean: mean, standardDeviation: sd)
    }
  }

  /// Finite and well inside single precision (weights are stored as `Float`; |w| <= 1e30 V).
  var isValid: Bool {
    func fits(_ x: Double) -> Bool { abs(x) <= 1e30 }
    switch self {
    case .constant(let value): return fits(value)
    case .uniform(let low, let high): return fits(low) && fits(high) && low <= high
    case .normal(let mean, let sd): return fits(mean) && sd >= 0 && fits(40 * sd)
    }
  }
}

/// How synaptic delays are chosen, seconds.
public enum DelayRule: Sendable, Equatable {
  /// Every synapse gets this delay, seconds.
  case constant(Double)
  /// Uniform in [low, high) seconds.
  case uniform(Double, Double)

  func draw(_ generator: inout SeededGenerator) -> Double {
    switch self {
    case .constant(let value): return value
    case .uniform(let low, let high): return generator.uniform(low, high)
    }
  }

  var minimum: Double {
    switch self {
    case .constant(let value): return value
    case .uniform(let low, _): return low
    }
  }

  var isValid: Bool {
    switch self {
    case .constant(let value): return value.isFinite && value >= 0
    case .uniform(let low, let high): return low.isFinite && high.isFinite && low >= 0 && low <= high
    }
  }
}
