import SpikeCore
import SpikelineSupport

/// A small network for a test, built in a few lines and run in either time model.
///
/// ```swift
/// var bench = SpikeTestBench()
/// let input = bench.input(spikeTimes: [[0.001, 0.002]])
/// let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.01))
/// bench.connect(input, to: cell, weight: 0.6, delay: 0.0015)
/// let result = try bench.runContinuous(until: 0.05)
/// expectSpikes(result, of: cell, at: [0.0035])
/// ```
public struct SpikeTestBench {
  /// The network built so far.
  public var network: Network
  /// The first error met while building, thrown by the next run (so building stays one line each).
  private var buildError: (any Error)?

  /// An empty bench whose random choices draw from `seed`.
  public init(seed: UInt64 = 0) { network = Network(seed: seed) }

  /// Spike sources firing at these times, seconds (one list per source).
  public mutating func input(_ name: String = "input", spikeTimes: [[Double]]) -> PopulationID {
    add { try $0.addSource(name, size: spikeTimes.count, source: .spikeTimes(spikeTimes)) }
  }

  /// Spike sources firing at these chip ticks (one list per source).
  public mutating func input(_ name: String = "input", spikeTicks: [[Int]]) -> PopulationID {
    add { try $0.addSource(name, size: spikeTicks.count, source: .spikeTicks(spikeTicks)) }
  }

  /// A population of `count` neurons of one model.
  public mutating func neurons(_ name: String, count: Int = 1, model: NeuronModel,
                               initialPotential: Population.InitialPotential = .resting) -> PopulationID {
    add { try $0.addPopulation(name, size: count, model: model, initialPotential: initialPotential) }
  }

  /// Connects two populations with one weight for every synapse (one-to-one by default).
  /// - Parameters:
  ///   - weight: volts for delta synapses, volts of drive for exponential synapses. The sign decides
  ///     the effect: an inhibitory synapse has a negative weight, whatever its receptor.
  ///   - delay: seconds (in chip time a whole number of ticks, at least one).
  ///   - connector: which pairs are connected: `.oneToOne`, `.allToAll()` or `.fixedProbability(p)`.
  ///     Connectors that carry their own weights take `connect(_:to:synapses:delay:receptor:)` or
  ///     `connect(_:to:weights:delay:receptor:)` instead.
  ///   - receptor: which synaptic current the synapses drive (its time constant, for exponential
  ///     synapses); it does not change the weight's sign.
  public mutating func connect(_ source: PopulationID, to target: PopulationID, weight: Double, delay: Double,
                               connector: Connector = .oneToOne, receptor: Receptor = .excitatory) {
    switch connector {
    case .explicit, .denseMatrix:
      record(SpikelineError.field("connector", "carries its own weights; use connect(_:to:synapses:) or connect(_:to:weights:)"))
    case .allToAll, .oneToOne, .fixedProbability:
      connect(source, to: target, connector: connector, weight: .constant(weight), delay: delay, receptor: receptor)
    }
  }

  /// Connects two populations with explicit synapses, each with its own weight (volts; negative
  /// inhibits) and, optionally, its own delay (seconds; `delay` otherwise).
  public mutating func connect(_ source: PopulationID, to target: PopulationID, synapses: [SynapseSpec], delay: Double,
                               receptor: Receptor = .excitatory) {
    connect(source, to: target, connector: .explicit(synapses), weight: .constant(0), delay: delay, receptor: receptor)
  }

  /// Connects every source to every target with a weight matrix, `weights[source][target]` volts
  /// (negative inhibits; zero entries make no synapse).
  public mutating func connect(_ source: PopulationID, to target: PopulationID, weights: [[Double]], delay: Double,
                               receptor: Receptor = .excitatory) {
    connect(source, to: target, connector: .denseMatrix(weights: weights.flatMap { $0 }, dropZeros: true), weight: .constant(0),
            delay: delay, receptor: receptor)
  }

  private mutating func connect(_ source: PopulationID, to target: PopulationID, connector: Connector, weight: WeightRule, delay: Double,
                                receptor: Receptor) {
    guard buildError == nil else { return }
    do {
      try network.connect(source, to: target, connector: connector, weight: weight, delay: .constant(delay), receptor: receptor)
    } catch { buildError = error }
  }

  private mutating func record(_ error: any Error) {
    if buildError == nil { buildError = error }
  }

  private mutating func add(_ make: (inout Network) throws -> PopulationID) -> PopulationID {
    guard buildError == nil else { return PopulationID(-1) }
    do { return try make(&network) } catch {
      buildError = error
      return PopulationID(-1)
    }
  }

  /// Runs `ticks` chip ticks of `tickDuration` seconds, probing the membranes of `probe` populations.
  public func runChip(ticks: Int, tickDuration: Double = 1e-3, probe: [PopulationID] = [],
                      arithmetic: ChipArithmetic = .floatingPoint) throws -> SpikeTestResult {
    if let buildError { throw buildError }
    let plan = RecordingPlan(membranes: probe.map { .init(population: $0, neurons: Array(0..<network[$0].size)) })
    let simulation = try ChipTimeSimulation(network: network, tickDuration: tickDuration, recording: plan, arithmetic: arithmetic)
    simulation.run(ticks: ticks)
    return SpikeTestResult(network: network, result: simulation.result)
  }

  /// Runs continuous time until `end` seconds, sampling probed membranes every `probeInterval`.
  public func runContinuous(until end: Double, probe: [PopulationID] = [], probeInterval: Double = 1e-4) throws -> SpikeTestResult {
    if let buildError { throw buildError }
    let plan = RecordingPlan(membranes: probe.map { .init(population: $0, neurons: Array(0..<network[$0].size)) },
                             probeInterval: probeInterval)
    let simulation = try ContinuousTimeSimulation(network: network, recording: plan)
    simulation.run(until: end)
    if let failure = simulation.failure { throw failure }
    return SpikeTestResult(network: network, result: simulation.result)
  }
}

/// A finished test run.
public struct SpikeTestResult: Sendable {
  /// The network that ran.
  public let network: Network
  /// What the run recorded and counted.
  public let result: SimulationResult

  /// Spike times of one neuron, seconds.
  public func spikeTimes(of population: PopulationID, neuron: Int = 0) -> [Double] {
    result.spikes(of: population).times(of: neuron)
  }

  /// Spike ticks of one neuron (chip time).
  public func spikeTicks(of population: PopulationID, neuron: Int = 0) -> [Int] {
    result.spikes(of: population).ticks(of: neuron)
  }

  /// The spikes of a neuron (or of every neuron when `neuron` is nil) during `window` seconds (the
  /// whole run when nil; both ends included), in emission order.
  public func spikes(of population: PopulationID, neuron: Int? = nil, during window: ClosedRange<Double>? = nil) -> [(neuron: Int, time: Double)] {
    let record = result.spikes(of: population)
    var found: [(neuron: Int, time: Double)] = []
    for k in record.neurons.indices {
      let n = Int(record.neurons[k]), t = record.times[k]
      if let neuron, n != neuron { continue }
      if let window, !window.contains(t) { continue }
      found.append((n, t))
    }
    return found
  }

  /// "name[neuron]", or "population name" when `neuron` is nil.
  func subject(_ population: PopulationID, _ neuron: Int?) -> String {
    neuron.map { label(population, $0) } ?? "population \(network.populations.indices.contains(population.index) ? network[population].name : "\(population)")"
  }

  /// "name[neuron]".
  public func label(_ population: PopulationID, _ neuron: Int) -> String {
    network.populations.indices.contains(population.index) ? "\(network[population].name)[\(neuron)]" : "\(population)[\(neuron)]"
  }
}
