import Testing
import SpikeCore
import SpikelineSupport
@testable import ChipModel

@Suite struct FitAndFigureTests {
  func message(_ error: any Error) -> String { (error as? SpikelineError)?.description ?? "\(error)" }

  @Test("A population larger than the chip is a clear error naming it and the cores needed")
  func populationTooLarge() throws {
    var network = Network()
    try network.addPopulation("huge", size: 200_000, model: .lif(membraneTimeConstant: 0.01))
    // On a named board of one chip it does not fit.
    // Two chips hold it.
    #expect {
      try CoreMapping(network: network, profile: .loihi, board: 1)
    } throws: { error in
      let text = message(error)
      return text.contains("'huge'") && text.contains("196 cores") && text.contains("128")
    }
    // Without a board it spreads over the two chips it needs; a board of two holds it too.
    let mapping = try CoreMapping(network: network, profile: .loihi)
    #expect(mapping.coresUsed == 196 && mapping.chipsUsed == 2 && mapping.chipsPowered == 2)
    let board = try CoreMapping(network: network, profile: .loihi, board: 4)
    #expect(board.chipsUsed == 2 && board.chipsPowered == 4)
  }

  @Test("A neuron with more incoming synapses than a core stores is named")
  func neuronTooWide() throws {
    var network = Network()
    let input = try network.addSource("input", size: 300, source: .spikeTicks(Array(repeating: [], count: 300)))
    let target = try network.addPopulation("target", size: 1, model: .lif(membraneTimeConstant: 0.01))
    try network.connect(input, to: target, connector: .allToAll())
    #expect {
      try CoreMapping(network: network, profile: .trueNorth)
    } throws: { message($0).contains("neuron 0 of 'target'") }
  }

  @Test("A missing figure is an error naming the field, when it is needed")
  func missingFigure() throws {
    var profile = HandCountTests.profile()
    profile.hopEnergyNorthSouth = nil
    var network = Network()
    try network.addPopulation("a", size: 1, model: .lif(membraneTimeConstant: 0.01))
    let session = try ChipSession(network: network, profile: profile)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    session.attach(to: simulation)
    simulation.run(ticks: 2)
    #expect { try session.report(for: simulation.result) } throws: { message($0).contains("hopEnergyNorthSouth") }
  }

  @Test("Bad figures in a user profile are rejected")
  func badFigures() {
    var profile = HandCountTests.profile()
    profile.synapticOpEnergy = -1
    profile.neuronsPerCore = 0
    let errors = profile.validationErrors().map(\.description)
    #expect(errors.contains { $0.contains("profile.synapticOpEnergy") })
    #expect(errors.contains { $0.contains("profile.neuronsPerCore") })
  }

  @Test("Built-in profiles are complete, valid and found by name")
  func builtIn() throws {
    for profile in ChipProfile.builtIn {
      #expect(profile.validationErrors().isEmpty, "\(profile.name)")
      #expect(!profile.sources.isEmpty)
      #expect(try ChipProfile.named(profile.name.uppercased()) == profile)
    }
    #expect(throws: SpikelineError.self) { try ChipProfile.named("pentium") }
  }

  @Test("The CUBA benchmark network maps onto Loihi within its synapse limit")
  func cubaOnLoihi() throws {
    let network = try VogelsAbbottCUBA.network(seed: 1, delay: 1e-4)
    let mapping = try CoreMapping(network: network, profile: .loihi)
    for core in mapping.cores { #expect(core.incomingSynapses <= 65_536 && core.neurons.count <= 1024) }
    #expect(mapping.coresUsed >= 5)
  }

  @Test("Training cost: operations × energy per operation, latency divided by parallel width")
  func trainingCost() throws {
    var workload = TrainingWorkload()
    workload.forwardSynapticOps = 1000
    workload.neuronUpdates = 100
    workload.timesteps = 7
    workload.backwardMACs = 500
    workload.backwardAccumulates = 200
    workload.weightUpdates = 50
    workload.memoryWords = 10
    var profile = HandCountTests.profile()
    profile.macEnergy = 4e-12; profile.accumulateEnergy = 2e-12; profile.synapticUpdateEnergy = 8e-12
    profile.memoryAccessEnergy = 3e-12
    profile.macLatency = 1e-9; profile.accumulateLatency = 1e-9; profile.synapticUpdateLatency = 2e-9
    profile.memoryAccessLatency = 4e-9; profile.denseParallelism = 2
    let report = try TrainingCostReport(workload: workload, profile: profile, forwardParallelism: 4, chips: 2)
    #expect(abs(report.energyJoules.forward - (1000 * 1 + 100 * 10) * 1e-12) < 1e-24)
    #expect(abs(report.energyJoules.backward - (500 * 4 + 200 * 2) * 1e-12) < 1e-24)
    #expect(abs(report.energyJoules.update - 50 * 8e-12) < 1e-24)
    #expect(abs(report.energyJoules.memory - 10 * 3e-12) < 1e-24)
    // Each of the 7 forward timesteps also waits for the one-tile barrier (100 ns; no table).
    let forward: Double = (1000 * 1 + 100 * 2) / 4.0 * 1e-9 + 7 * 100e-9
    let latency: Double = forward + (500 + 200) / 2.0 * 1e-9 + 50 * 2 / 2.0 * 1e-9 + 10 * 4e-9
    #expect(abs(report.latencySeconds.total - latency) < 1e-20)
    let expectedStatic: Double = 2 * 4e-3 * latency
    let expectedManagement: Double = 2 * 2e-3 * latency
    #expect(abs(report.energyJoules.static - expectedStatic) < 1e-20)
    #expect(abs(report.energyJoules.management - expectedManagement) < 1e-20)
    let split = report.energySplit
    #expect(abs(split.coreDynamic - report.energyJoules.forward) < 1e-24)
    let dense = report.energyJoules.backward + report.energyJoules.update + report.energyJoules.memory
    #expect(abs(split.otherDynamic - (dense + expectedManagement)) < 1e-20)
    #expect(abs(split.total - report.energyJoules.total) < 1e-20)
    profile.macEnergy = nil
    #expect { try TrainingCostReport(workload: workload, profile: profile) } throws: { message($0).contains("macEnergy") }
  }
}
