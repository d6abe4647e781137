import Testing
import SpikeCore
import SpikelineSupport
@testable import ChipModel

/// The fixed costs by hand: the network of `HandCountTests` on two chips (two cores per chip), with
/// a synchronisation table, chip crossings and host spike injection priced; and idle timesteps in
/// both time models.
///
/// Mapping: chip 0 holds cores 0 (A0, A1) and 1 (A2) at mesh x = 0 and 1; chip 1 holds core 2
/// (B0, B1) at x = 2. Host → core 0: 1 hop east; host → core 1: 2 hops; A → core 2: 2 hops and one
/// chip crossing.
@Suite struct FixedCostHandCountTests {
  static let nano = 1e-9, pico = 1e-12

  static func twoChipProfile() -> ChipProfile {
    var p = HandCountTests.profile()
    p.coresPerChip = 2
    p.synchronisation = [SynchronisationPoint(chips: 1, seconds: 1000 * nano), SynchronisationPoint(chips: 2, seconds: 2000 * nano)]
    p.chipCrossingEnergy = 50_000 * pico
    p.chipCrossingLatency = 500 * nano
    p.hostSpikeEnergy = 100_000 * pico
    p.hostSpikeLatency = 50 * nano
    return p
  }

  @Test("Two chips: synchronisation from the table, chip crossings on the route, host injection per input spike")
  func twoChipLatency() throws {
    let (report, session) = try HandCountTests.run(profile: Self.twoChipProfile())
    #expect(session.mapping.chipsUsed == 2 && report.chips == 2)
    #expect(session.mapping.hops(from: 0, to: 2) == (2, 0))
    // The table's 2 µs for two chips beats the on-chip barrier (400 ns, both tiles of a chip).
    #expect(abs(report.synchronisationSeconds - 2000e-9) < 1e-18)
    // tick 0: idle 4; host 2 × 50 = 100; route in1 → core 1 = 3 + 2·7 = 17       → 2121
    // tick 1: core 0 = 18; host 50; route A → core 2 = 3 + 2·7 + 500 = 517       → 2585
    // tick 2: core 2 = 14; nothing sent                                           → 2014
    // ticks 3, 4: 4 + 2000                                                        → 2004 each
    let expected = (2121.0 + 2585 + 2014 + 2004 + 2004) * 1e-9
    #expect(abs((report.total.latencySeconds ?? 0) - expected) < 1e-18)
    #expect(abs(report.latencyParts.host - 150e-9) < 1e-18)
    #expect(abs(report.latencyParts.synchronisation - 5 * 2000e-9) < 1e-18)
    #expect(abs(report.latencyParts.routing - (17 + 517) * 1e-9) < 1e-18)
    #expect(abs(report.latencyParts.cores - (4 + 18 + 14 + 4 + 4) * 1e-9) < 1e-18)
    #expect(abs(report.latencyPerTimestepSeconds - expected / 5) < 1e-18)
  }

  @Test("Two chips: crossings and host spikes priced, static and management power over both chips")
  func twoChipEnergy() throws {
    let (report, _) = try HandCountTests.run(profile: Self.twoChipProfile())
    let latency = (2121.0 + 2585 + 2014 + 2004 + 2004) * 1e-9
    let input = report.populations[0], a = report.populations[1]
    #expect(a.chipCrossings == 2 && input.chipCrossings == 0 && report.total.chipCrossings == 2)
    #expect(abs(a.energyJoules.chipCrossings - 2 * 50_000 * Self.pico) < 1e-22)
    #expect(abs(input.energyJoules.hostSpikes - 3 * 100_000 * Self.pico) < 1e-22)
    // A's messages now go 2 hops east (1000 pJ each) instead of 1 hop south.
    #expect(abs(a.energyJoules.routing - (2 * 100 + 4 * 1000) * Self.pico) < 1e-22)
    let total = report.total.energyJoules
    #expect(abs(total.static - 2 * 4e-3 * latency) < 1e-18)
    #expect(abs(total.management - 2 * 2e-3 * latency) < 1e-18)
    let other = (5300 + 4200 + 100_000 + 300_000) * Self.pico + 2 * 2e-3 * latency
    #expect(abs(total.otherDynamic - other) < 1e-18)
    #expect(abs(total.total - (total.coreDynamic + other + 2 * 4e-3 * latency)) < 1e-18)
    #expect(report.total.chipsUsed == 2 && a.chipsUsed == 1)
  }

  @Test("A named board powers every chip: static energy scales with the board, not the cores used")
  func board() throws {
    var network = Network()
    try network.addPopulation("n", size: 1, model: .discrete(membraneDecay: 0, threshold: 1, tickDuration: 1e-3))
    let session = try ChipSession(network: network, profile: HandCountTests.profile(), board: 3)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    session.attach(to: simulation)
    simulation.run(ticks: 4)
    let report = try session.report(for: simulation.result)
    // Idle ticks: one neuron update (2 ns) + one-tile barrier (100 ns) each.
    let latency = 4 * 102e-9
    #expect(abs((report.total.latencySeconds ?? 0) - latency) < 1e-18)
    #expect(report.chips == 3 && report.chipsUsed == 1)
    #expect(abs(report.total.energyJoules.static - 3 * 4e-3 * latency) < 1e-18)
  }

  @Test("Continuous time: static energy over the estimated chip time, not the biological time")
  func continuousIdle() throws {
    var network = Network()
    try network.addPopulation("n", size: 2, model: .lif(membraneTimeConstant: 0.01))
    let session = try ChipSession(network: network, profile: HandCountTests.profile())
    let simulation = try ContinuousTimeSimulation(network: network)
    simulation.run(until: 0.01)
    let report = try session.report(for: simulation.result, timestep: 1e-3)
    // 10 timesteps of (2 neurons × 2 ns + 100 ns barrier) = 1040 ns; nothing else happens.
    #expect(report.timesteps == 10 && report.timeModel == "continuous")
    #expect(abs((report.total.latencySeconds ?? 0) - 1040e-9) < 1e-18)
    #expect(abs(report.total.energyJoules.static - 4e-3 * 1040e-9) < 1e-18)
    #expect(report.neuroBench.activationSparsity == 1)
  }

  @Test("A minimum tick pads idle timesteps and the padding is reported as idle time")
  func minimumTick() throws {
    var profile = HandCountTests.profile()
    profile.minimumTickDuration = 1e-6
    let (report, _) = try HandCountTests.run(profile: profile)
    #expect(abs((report.total.latencySeconds ?? 0) - 5e-6) < 1e-18)
    #expect(abs(report.latencyParts.idle - (5e-6 - 1578e-9)) < 1e-18)
  }
}
