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

  /// Connects two populations (one-to-one by default): weight in volts, delay in seconds.
  public mutating func connect(_ source: PopulationID, to target: PopulationID, weight: Double, delay: Double,
                               connector: Connector = .oneToOne, receptor: Receptor = .excitatory) {
    guard buildError == nil else { return }
    do {
      try network.connect(source, to: target, connector: connector, weight: .constant(weight), delay: .constant(delay),
                          receptor: receptor)
    } catch { buildError = error }
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

  /// "name[neuron]".
  public func label(_ population: PopulationID, _ neuron: Int) -> String {
    network.populations.indices.contains(population.index) ? "\(network[population].name)[\(neuron)]" : "\(population)[\(neuron)]"
  }
}
