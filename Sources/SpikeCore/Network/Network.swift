#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// A spiking network: populations of neurons and spike sources, joined by projections stored
/// as sparse synapse tables. A `Network` is a description; simulators compile it.
///
/// Every mutating call checks its arguments and throws a `SpikelineError` naming the field
/// (`size`, `weight`, `delay`, `connector.probability`, ...), so a bad network is rejected when it
/// is built, never during a run.
public struct Network: Sendable {
  /// The largest population accepted (protects against absurd sizes such as 10¹² neurons).
  public static let maximumPopulationSize = 50_000_000
  /// The largest number of synapses in one network (memory is checked too, before anything is built).
  public static let maximumSynapseCount = 8_000_000_000
  /// The largest number of synapses in one projection (synapse indices are 32-bit in the engines' event queues).
  public static let maximumProjectionSynapseCount = Int(UInt32.max) - 1

  /// Seed of every random choice made for this network (connectivity, initial potentials, Poisson inputs).
  public var seed: UInt64
  /// The populations in the order they were added (`PopulationID` indexes them).
  public private(set) var populations: [Population] = []
  /// The projections in the order they were added (`ProjectionID` indexes them).
  public internal(set) var projections: [Projection] = []
  /// How synapse weights are stored: single precision (4 bytes), or a chip's fixed-point integers
  /// (2 bytes) for a network that only runs in that arithmetic. Set with `storeWeights(as:)`.
  public private(set) var weightStorage: WeightStorage = .singlePrecision
  /// Per population, the neurons (population-local indices) whose incoming synapses this process
  /// keeps; nil keeps all. A rank of a split run keeps only its share (`keepRankShare(of:)`), so
  /// ranks divide the synapse tables' memory as well as the work. Set with `keepSynapses(onto:)`.
  public internal(set) var synapseShare: [Range<Int>]?

  /// Stores the weights of every projection, and of those connected later, as `storage` says:
  /// fixed point makes a synapse 6 bytes instead of 8 (without per-synapse delays) and gives the
  /// chip-time engine the integers it would compute from single-precision weights, so a fixed-point
  /// run's results do not change. Set it before connecting to build tables directly in that form.
  /// - Throws: `SpikelineError` for a fixed-point format wider than 16 weight bits, or an invalid one.
  public mutating func storeWeights(as storage: WeightStorage) throws {
    if case .fixedPoint(let format) = storage {
      if let error = format.validationErrors().first { throw error }
      guard format.weightBits <= 16 else {
        throw SpikelineError.field("fixedPoint.weightBits", "weights are stored in at most 16 bits (got \(format.weightBits)); keep single-precision storage for wider weights")
      }
      for index in projections.indices { projections[index].synapses = projections[index].synapses.quantized(format) }
    } else {
      for index in projections.indices where projections[index].synapses.weights.fixedPointFormat != nil {
        let table = projections[index].synapses
        projections[index].synapses = SynapseTable(
          sourceCount: table.sourceCount, targetCount: table.targetCount, rowStart: table.rowStart, targets: table.targets,
          weights: SynapseWeights(SynapseColumn(table.weights)), delays: table.delays)
      }
    }
    weightStorage = storage
  }

  /// An empty network whose random choices (connectors, initial potentials, Poisson sources) draw from `seed`.
  public init(seed: UInt64 = 0) { self.seed = seed }

  /// Total number of units (neurons and sources).
  public var unitCount: Int { populations.reduce(0) { $0 + $1.size } }
  /// Number of neurons (sources excluded).
  public var neuronCount: Int { populations.reduce(0) { $0 + ($1.isSource ? 0 : $1.size) } }
  /// Number of synapses in all projections.
  public var synapseCount: Int { projections.reduce(0) { $0 + $1.synapses.count } }

  /// The population `population` identifies.
  public subscript(population: PopulationID) -> Population { populations[population.index] }
  /// The projection `projection` identifies.
  public subscript(projection: ProjectionID) -> Projection { projections[projection.index] }

  /// The population with this name.
  public func population(named name: String) -> PopulationID? {
    populations.firstIndex { $0.name == name }.map(PopulationID.init)
  }

  /// The projection with this name.
  public func projection(named name: String) -> ProjectionID? {
    projections.firstIndex { $0.name == name }.map(ProjectionID.init)
  }

  /// Projections leaving each population, in projection order.
  public func outgoingProjections() -> [[ProjectionID]] {
    var result = [[ProjectionID]](repeating: [], count: populations.count)
    for (index, projection) in projections.enumerated() {
      result[projection.source.index].append(ProjectionID(index))
    }
    return result
  }

  // MARK: Building

  /// Adds a population of neurons.
  @discardableResult
  public mutating func addPopulation(_ name: String, size: Int, model: NeuronModel,
                                     initialPotential: Population.InitialPotential = .resting) throws -> PopulationID {
    var errors = model.validationErrors()
    errors += checkName(name) + checkSize(size)
    switch initialPotential {
    case .values(let values) where values.count != size:
      errors.append(.field("initialPotential", "has \(values.count) values for \(size) neurons"))
    case .values(let values) where !values.allSatisfy(\.isFinite):
      errors.append(.field("initialPotential", "must be finite volts"))
    case .uniform(let low, let high) where !(low.isFinite && high.isFinite && low <= high):
      errors.append(.field("initialPotential", "uniform range must be finite with low <= high (got \(low), \(high))"))
    case .constant(let value) where !value.isFinite:
      errors.append(.field("initialPotential", "must be finite volts"))
    default: break
    }
    try throwing(errors)
    populations.append(Population(name: name, size: size, role: .neurons(model), initialPotential: initialPotential))
    return PopulationID(populations.count - 1)
  }

  /// Adds a population of spike sources.
  @discardableResult
  public mutating func addSource(_ name: String, size: Int, source: SpikeSource) throws -> PopulationID {
    let errors = checkName(name) + checkSize(size) + source.validationErrors(size: size)
    try throwing(errors)
    populations.append(Population(name: name, size: size, role: .source(source)))
    return PopulationID(populations.count - 1)
  }

  /// Replaces the spikes of a source population (e.g. the next dataset sample).
  public mutating func setSource(_ population: PopulationID, _ source: SpikeSource) throws {
    guard populations.indices.contains(population.index), populations[population.index].isSource else {
      throw SpikelineError.field("population", "\(population) is not a source population")
    }
    try throwing(source.validationErrors(size: populations[population.index].size))
    populations[population.index].role = .source(source)
  }

  /// The initial membrane potentials of a neuron population, volts (deterministic in the seed).
  public func initialPotentials(of population: PopulationID) -> [Double] {
    let entry = populations[population.index]
    guard let model = entry.model else { return [] }
    switch entry.initialPotential {
    case .resting: return [Double](repeating: model.restingPotential, count: entry.size)
    case .constant(let value): return [Double](repeating: value, count: entry.size)
    case .values(let values): return values
    case .uniform(let low, let high):
      var generator = SeededGenerator(seed: seed, stream: "initial-potential:" + entry.name)
      return (0..<entry.size).map { _ in generator.uniform(low, high) }
    }
  }

  // MARK: Checks

  private func checkName(_ name: String) -> [SpikelineError] {
    if name.isEmpty { return [.field("name", "must not be empty")] }
    if populations.contains(where: { $0.name == name }) {
      return [.field("name", "'\(name)' is already used by another population")]
    }
    return []
  }

  private func checkSize(_ size: Int) -> [SpikelineError] {
    if size < 0 { return [.field("size", "must be >= 0 (got \(size))")] }
    if size > Network.maximumPopulationSize {
      return [.field("size", "\(size) is larger than the limit of \(Network.maximumPopulationSize) neurons per population")]
    }
    return []
  }

  func checkConnector(_ connector: Connector, sourceCount: Int, targetCount: Int) -> [SpikelineError] {
    switch connector {
    case .allToAll:
      if sourceCount * targetCount > Network.maximumProjectionSynapseCount {
        return [.field("connector", "all-to-all between \(sourceCount) and \(targetCount) neurons exceeds the limit of \(Network.maximumProjectionSynapseCount) synapses per projection")]
      }
    case .oneToOne:
      if sourceCount != targetCount {
        return [.field("connector", "one-to-one needs populations of equal size (\(sourceCount) and \(targetCount))")]
      }
    case .fixedProbability(let p, _):
      if !(p >= 0 && p <= 1) { return [.field("connector.probability", "must be in [0, 1] (got \(p))")] }
      if Double(sourceCount) * Double(targetCount) * p > Double(Network.maximumProjectionSynapseCount) {
        return [.field("connector.probability", "would make about \(Int(Double(sourceCount) * Double(targetCount) * p)) synapses, more than the limit of \(Network.maximumProjectionSynapseCount) per projection")]
      }
    case .explicit(let list):
      var errors: [SpikelineError] = []
      for (index, synapse) in list.enumerated() {
        if !(0..<sourceCount).contains(synapse.source) {
          errors.append(.field("connector.synapses[\(index)].source", "index \(synapse.source) is out of range 0..<\(sourceCount)"))
        }
        if !(0..<targetCount).contains(synapse.target) {
          errors.append(.field("connector.synapses[\(index)].target", "index \(synapse.target) is out of range 0..<\(targetCount)"))
        }
        if let w = synapse.weight, !(abs(w) <= Double(Float.greatestFiniteMagnitude)) {
          errors.append(.field("connector.synapses[\(index)].weight", "must be finite and fit single precision (|w| <= 3.4e38, got \(w))"))
        }
        if let d = synapse.delay, !(d >= 0 && d.isFinite) {
          errors.append(.field("connector.synapses[\(index)].delay", "must be >= 0 seconds (got \(d))"))
        }
        if errors.count >= 20 { break }
      }
      return errors
    case .denseMatrix(let weights, _):
      if weights.count != sourceCount * targetCount {
        return [.field("connector.weights", "has \(weights.count) entries; a \(sourceCount)×\(targetCount) matrix needs \(sourceCount * targetCount)")]
      }
      if let bad = weights.firstIndex(where: { !(abs($0) <= Double(Float.greatestFiniteMagnitude)) }) {
        return [.field("connector.weights", "entry \(bad) is \(weights[bad]); weights must be finite and fit single precision (|w| <= 3.4e38)")]
      }
    }
    return []
  }

  func throwing(_ errors: [SpikelineError]) throws {
    if errors.count == 1 { throw errors[0] }
    if errors.count > 1 { throw SpikelineErrors(errors) }
  }
}

