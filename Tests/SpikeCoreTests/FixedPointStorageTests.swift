import Testing
import SpikelineSupport
@testable import SpikeCore

/// Networks that store their weights as a chip's integers (`Network.storeWeights(as:)`): 6 bytes a
/// synapse, and the same fixed-point run as single-precision storage.
@Suite struct FixedPointStorageTests {
  static let format = FixedPointFormat(weightBits: 8, potentialBits: 16, decayBits: 12, voltsPerUnit: 0.01)

  /// The recurrent network of ParallelEngineTests (input, excitatory and inhibitory populations whose
  /// sizes do not divide into threads), connected by connectors with drawn weights and two delays.
  func recurrent(_ storage: WeightStorage, threads: Int = 1) throws -> Network {
    var network = Network(seed: 21)
    try network.storeWeights(as: storage)
    let (input, excitatory, inhibitory) = try ParallelEngineTests.addPopulations(to: &network)
    try network.connect(input, to: excitatory, connector: .fixedProbability(0.3), weight: .normal(mean: 0.6, standardDeviation: 0.2),
                        delay: .constant(1e-3), threads: threads)
    try network.connect(excitatory, to: excitatory, connector: .fixedProbability(0.1), weight: .uniform(0, 0.3),
                        delay: .constant(2e-3), threads: threads)
    try network.connect(excitatory, to: inhibitory, connector: .fixedProbability(0.2), weight: .constant(0.4),
                        delay: .constant(1e-3), threads: threads)
    try network.connect(inhibitory, to: excitatory, connector: .allToAll(), weight: .uniform(-0.2, -0.05),
                        delay: .constant(2e-3), receptor: .inhibitory, threads: threads)
    return network
  }

  func cuba(_ storage: WeightStorage) throws -> Network {
    try VogelsAbbottCUBA.network(seed: 3, neurons: 1000, synapsesPerNeuron: 40, weightStorage: storage)
  }

  func run(_ network: Network, threads: Int) throws -> SimulationResult {
    let plan = RecordingPlan(spikes: .all, membranes: [.init(population: PopulationID(1), neurons: [0, 17, 100])])
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan,
                                            arithmetic: .fixedPoint(Self.format), threads: threads)
    simulation.run(ticks: 150)
    return simulation.result
  }

  @Test("Integer weights take 2 bytes: a table with one shared delay holds 6 bytes per synapse plus its row starts")
  func sixBytesPerSynapse() throws {
    let network = try cuba(.fixedPoint(FixedPointFormat.covering(maximumWeight: VogelsAbbottCUBA.largestWeight(synapsesPerNeuron: 40))))
    let float = try cuba(.singlePrecision)
    #expect(network.synapseCount == float.synapseCount && network.synapseCount > 30_000)
    for projection in network.projections {
      let table = projection.synapses
      #expect(table.weights.bytesPerSynapse == 2)
      #expect(table.storageBytes == 6 * table.count + table.rowStart.storageBytes)
    }
    #expect(network.synapseStorageBytes < float.synapseStorageBytes * 4 / 5)
  }

  @Test("Stored integers are what the engine makes of single-precision weights: same spikes, membranes and counters")
  func sameFixedPointRun() throws {
    let reference = try run(try recurrent(.singlePrecision), threads: 1)
    #expect(reference.counters.totalSpikes > 200, "the network must fire: \(reference.counters.totalSpikes) spikes")
    for threads in [1, 2] {
      let stored = try run(try recurrent(.fixedPoint(Self.format), threads: threads), threads: threads)
      #expect(stored.spikes == reference.spikes, "\(threads) threads")
      #expect(stored.membranes == reference.membranes, "\(threads) threads")
      #expect(stored.counters == reference.counters, "\(threads) threads")
    }
    // Converting a built network gives the tables built directly in integers.
    var converted = try recurrent(.singlePrecision)
    try converted.storeWeights(as: .fixedPoint(Self.format))
    let direct = try recurrent(.fixedPoint(Self.format))
    for (a, b) in zip(converted.projections, direct.projections) { #expect(a.synapses == b.synapses) }
  }

  @Test("Reading a stored weight gives volts; explicit synapses are stored as integers too")
  func weightsReadInVolts() throws {
    var network = Network(seed: 1)
    try network.storeWeights(as: .fixedPoint(FixedPointFormat(weightBits: 8, voltsPerUnit: 0.01)))
    let input = try network.addSource("in", size: 2, source: .spikeTicks([[1], [2]]))
    let output = try network.addPopulation("out", size: 2, model: .cuba(membraneTimeConstant: 0.02, excitatoryTimeConstant: 0.005,
                                                                          inhibitoryTimeConstant: 0.01, threshold: 1))
    try network.connect(input, to: output, connector: .explicit([SynapseSpec(source: 0, target: 1, weight: 0.333),
                                                                  SynapseSpec(source: 1, target: 0, weight: -5)]))
    let table = network.projections[0].synapses
    #expect(table.weights.fixedPointFormat != nil)
    #expect(table.weights[0] == Float(0.33))  // 33 units of 10 mV
    #expect(table.weights[1] == Float(-1.28))  // saturated at -128 units
  }

  @Test("Formats wider than 16 weight bits are refused for storage, naming the field")
  func wideFormatsRefused() {
    var network = Network(seed: 1)
    #expect(throws: SpikelineError.self) {
      try network.storeWeights(as: .fixedPoint(FixedPointFormat(weightBits: 20, voltsPerUnit: 1e-4)))
    }
    do {
      try network.storeWeights(as: .fixedPoint(FixedPointFormat(weightBits: 20, voltsPerUnit: 1e-4)))
    } catch {
      #expect("\(error)".contains("fixedPoint.weightBits"))
    }
  }
}
