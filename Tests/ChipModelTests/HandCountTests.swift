import Testing
import SpikeCore
import SpikelineSupport
@testable import ChipModel

/// A five-tick run on three cores where every count, joule and second is computed by hand.
///
///     input (2 sources, off-chip) ──► A (3 neurons, cores 0 and 1) ──all-to-all──► B (2 neurons, core 2)
///
/// Mesh: one core per tile, two tiles per row: core 0 at (0,0), core 1 at (1,0), core 2 at (0,1);
/// the host port is west of (0,0). β = 0, threshold 1, delays one tick.
@Suite struct HandCountTests {
  static let pico = 1e-12, nano = 1e-9

  static func profile() -> ChipProfile {
    var p = ChipProfile(name: "hand", summary: "round numbers", sources: [])
    p.synapticOpEnergy = 1 * pico
    p.neuronUpdateEnergy = 10 * pico
    p.activeNeuronUpdateEnergy = 30 * pico
    p.spikeMessageEnergy = 100 * pico
    p.hopEnergyEastWest = 1000 * pico
    p.hopEnergyNorthSouth = 10_000 * pico
    p.staticPowerPerChip = 4e-3
    p.managementPowerPerChip = 2e-3
    p.synapticOpLatency = 1 * nano
    p.neuronUpdateLatency = 2 * nano
    p.activeNeuronUpdateLatency = 5 * nano
    p.spikeMessageLatency = 3 * nano
    p.hopLatencyEastWest = 7 * nano
    p.hopLatencyNorthSouth = 11 * nano
    p.barrierLatencyOneTile = 100 * nano
    p.barrierLatencyAllTiles = 400 * nano
    p.neuronsPerCore = 2
    p.synapsesPerCore = 100
    p.coresPerChip = 4
    p.coresPerTile = 1
    p.meshColumns = 2
    p.bitsPerSynapse = 16
    p.bitsPerNeuron = 32
    return p
  }

  static func run(profile: ChipProfile = profile()) throws -> (ChipReport, ChipSession) {
    var network = Network()
    let input = try network.addSource("input", size: 2, source: .spikeTicks([[0], [0, 1]]))
    let model = NeuronModel.discrete(membraneDecay: 0, threshold: 1, tickDuration: 1e-3)
    let a = try network.addPopulation("A", size: 3, model: model)
    let b = try network.addPopulation("B", size: 2, model: model)
    try network.connect(input, to: a, connector: .explicit([
      SynapseSpec(source: 0, target: 0, weight: 1), SynapseSpec(source: 0, target: 1, weight: 1),
      SynapseSpec(source: 1, target: 2, weight: 0.5)]))
    try network.connect(a, to: b, connector: .allToAll(), weight: .constant(1))
    let session = try ChipSession(network: network, profile: profile)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    session.attach(to: simulation)
    simulation.run(ticks: 5)
    return (try session.report(for: simulation.result), session)
  }

  @Test("Mapping: A splits over cores 0 and 1 (2 neurons per core), B on core 2; positions on the mesh")
  func mapping() throws {
    let (_, session) = try Self.run()
    #expect(session.mapping.coresUsed == 3)
    #expect(session.mapping.coreOfNeuron[1] == [0, 0, 1])
    #expect(session.mapping.coreOfNeuron[2] == [2, 2])
    #expect(session.mapping.position(ofCore: 2) == (0, 1))
    #expect(session.mapping.hops(from: -1, to: 1) == (2, 0))
  }

  @Test("Counts: spikes, synaptic events, updates, messages and hops by hand")
  func counts() throws {
    let (report, _) = try Self.run()
    let input = report.populations[0], a = report.populations[1], b = report.populations[2]
    // in0 spikes at 0, in1 at 0 and 1; A0 and A1 spike at tick 1; B0 and B1 at tick 2.
    #expect([input.spikes, a.spikes, b.spikes] == [3, 2, 2])
    // A receives in0→A0, in0→A1, in1→A2 twice; B receives 2 spikes × 2 synapses.
    #expect([input.synapticOps, a.synapticOps, b.synapticOps] == [0, 4, 4])
    #expect([input.neuronUpdates, a.neuronUpdates, b.neuronUpdates] == [0, 15, 10])
    // in0: 1 spike → core 0 (1 hop east); in1: 2 spikes → core 1 (2 hops east); A0, A1 → core 2 (1 hop south).
    #expect([input.messages, a.messages, b.messages] == [3, 2, 0])
    #expect([input.hops, a.hops, b.hops] == [1 + 2 * 2, 2, 0])
    #expect(report.total.spikes == 7 && report.total.synapticOps == 8 && report.total.messages == 5)
  }

  @Test("Latency: slowest core + longest route + barrier, per tick, by hand")
  func latency() throws {
    let (report, session) = try Self.run()
    // Barrier: 3 of 4 tiles used → 100 + 300·2/3 = 300 ns.
    #expect(abs(session.monitor.barrierLatency - 300e-9) < 1e-18)
    // tick 0: idle cores 2·2 = 4; route in1→core1 = 3 + 2·7 = 17          → 4 + 17 + 300 = 321
    // tick 1: core 0 = 2·2 + 2·(5−2) + 2·1 + 2·3 = 18; route max(17, 3+11) → 18 + 17 + 300 = 335
    // tick 2: core 2 = 2·2 + 2·(5−2) + 4·1 = 14; no messages               → 14 + 300 = 314
    // ticks 3, 4: 4 + 300 = 304 each
    let expected = (321.0 + 335 + 314 + 304 + 304) * 1e-9
    let total = try #require(report.total.latencySeconds)
    #expect(abs(total - expected) < 1e-18)
    // Per population: A = 4 + 18 + 4 + 4 + 4; B = 4 + 4 + 14 + 4 + 4.
    #expect(abs((report.populations[1].latencySeconds ?? 0) - 34e-9) < 1e-18)
    #expect(abs((report.populations[2].latencySeconds ?? 0) - 30e-9) < 1e-18)
  }

  @Test("Energy: events × energy per event; static and management power × powered chips × chip time, by hand")
  func energy() throws {
    let (report, _) = try Self.run()
    let p = 1e-12
    let latency = 1578e-9
    let input = report.populations[0].energyJoules, a = report.populations[1].energyJoules, b = report.populations[2].energyJoules
    #expect(abs(input.routing - (3 * 100 + 5 * 1000) * p) < 1e-24)
    #expect(abs(a.synaptic - 4 * 1 * p) < 1e-24)
    #expect(abs(a.neuron - ((15 - 2) * 10 + 2 * 30) * p) < 1e-24)
    #expect(abs(a.routing - (2 * 100 + 2 * 10_000) * p) < 1e-24)
    // A population's static and management energy: its cores' share (2 of 4) of the chip's power.
    #expect(abs(a.static - 2.0 / 4 * 4e-3 * latency) < 1e-18)
    #expect(abs(a.management - 2.0 / 4 * 2e-3 * latency) < 1e-18)
    #expect(abs(b.neuron - ((10 - 2) * 10 + 2 * 30) * p) < 1e-24)
    #expect(abs(b.static - 1.0 / 4 * 4e-3 * latency) < 1e-18)
    let core = (4 + 190 + 4 + 140) * p, routing = (5300 + 20_200) * p
    let total = report.total.energyJoules
    #expect(abs(total.coreDynamic - core) < 1e-22)
    #expect(abs(total.routing - routing) < 1e-22)
    // The total charges the whole powered chip, its idle fourth core included.
    #expect(abs(total.management - 2e-3 * latency) < 1e-18)
    #expect(abs(total.otherDynamic - (routing + 2e-3 * latency)) < 1e-18)
    #expect(abs(total.static - 4e-3 * latency) < 1e-18)
    #expect(abs(total.total - (core + routing + 6e-3 * latency)) < 1e-18)
    #expect(report.chips == 1 && report.chipsUsed == 1 && report.notModelled.contains("hostSpikeEnergy"))
  }

  @Test("Memory: synapses × 16 bits + neurons × 32 bits on each core")
  func memory() throws {
    let (report, _) = try Self.run()
    // Core 0: A0, A1 with one synapse each; core 1: A2 with one; core 2: B0, B1 with three each (all-to-all from A).
    #expect(report.memory.perCoreBytes == [(2 * 16 + 2 * 32) / 8, (1 * 16 + 1 * 32) / 8, (6 * 16 + 2 * 32) / 8])
    #expect(report.populations[1].memoryBytes == 12 + 6)
    #expect(report.memory.weightsBytes == 9 * 2)
    #expect(report.memory.neuronStateBytes == 5 * 4)
  }

  @Test("NeuroBench metrics: effective ACs, dense synaptic ops, activation and connection sparsity, footprint")
  func neuroBench() throws {
    let (report, _) = try Self.run()
    let metrics = report.neuroBench
    // Spikes × non-zero synapses of their rows: in0 1 × 2, in1 2 × 1, A0 and A1 1 × 2 each.
    #expect(metrics.effectiveACs == 8 && metrics.effectiveMACs == 0 && metrics.effectiveSynOps == 8)
    // Possible connections: input→A 2 × 3, A→B 3 × 2 = 12; every one at each of 5 ticks.
    #expect(metrics.denseSynOps == 12 * 5)
    // (tick, neuron) pairs of A and B: 5 × 5 = 25, of which 4 hold a spike.
    #expect(abs(metrics.activationSparsity - (1 - 4.0 / 25)) < 1e-15)
    // 9 synapses of 12 possible connections: 3 absent ones are zero weights.
    #expect(abs(metrics.connectionSparsity - 3.0 / 12) < 1e-15)
    #expect(metrics.footprintBytes == 12 * 4)
    #expect(metrics.membraneUpdates == 25)
  }
}
