import Foundation
import ChipModel
import SpikeCore
import SpikelineSupport

/// Runs network scenarios.
public enum NetworkScenarioRunner {
  /// The outcome of a run: everything recorded plus the chip report.
  public struct Outcome: Sendable {
    /// Everything the simulation recorded and counted.
    public var result: SimulationResult
    /// The report `spikeline run` prints.
    public var report: RunReport
    /// Seconds the simulation took on this machine (kept out of the report).
    public var wallSeconds: Double
    /// The spike exchange between ranks (nil for a run in one process; kept out of the report).
    public var exchange: SpikeExchangeStatistics?
  }

  /// Simulates the scenario and costs it on its chip profile.
  /// - Parameters:
  ///   - threads: threads that share each chip tick (nil: automatic); the result does not depend on it.
  ///   - ranks: the processes this one shares the network with (chip time only); every rank gets the
  ///     whole, single-process result. The network may be this rank's share of the synapses
  ///     (`ScenarioLoader.RankShare`).
  ///   - phase: called with what the run starts doing ("mapping onto cores", "simulating", "costing").
  ///   - progress: called with the fraction of the simulation done (0...1) during the run.
  public static func run(_ scenario: Scenario, _ body: NetworkScenario, profileOverride: ChipProfile? = nil,
                         threads: Int? = nil, ranks: SpikeExchange? = nil, phase: ((String) -> Void)? = nil,
                         progress: ((Double) -> Void)? = nil) throws -> Outcome {

    let profile = profileOverride ?? body.chip.profile
    phase?("mapping onto cores")
    // On ranks whose networks hold their shares of the synapses, the session gathers from the others.
    let session = try ChipSession(network: body.network, profile: profile, board: body.chip.chips, ranks: ranks)
    phase?("simulating")
    ranks?.waitForAll()  // so that the wall time and the first exchange do not count another rank's setup
    let start = Date()
    let result: SimulationResult
    var tickDuration: Double?
    var exchange: SpikeExchangeStatistics?
    switch body.timeModel {
    case .chip(let tick, let ticks):
      tickDuration = tick
      let simulation = try ChipTimeSimulation(network: body.network, tickDuration: tick, recording: body.recording,
                                              arithmetic: body.arithmetic, threads: threads, ranks: ranks)
      session.attach(to: simulation)
      let chunk = max(ticks / 100, 1)
      var done = 0
      while done < ticks {
        let step = min(chunk, ticks - done)
        simulation.run(ticks: step)
        // On ranks holding their shares, each rank's part of the chunk's ticks is combined now
        // (collective; every rank runs the same chunks), so those parts never pile up.
        session.monitor.combineRanks()
        done += step
        progress?(Double(done) / Double(ticks))
      }
      result = simulation.result
      if ranks != nil { exchange = simulation.exchangeStatistics }
    case .continuous(let duration):
      if ranks != nil {
        throw SpikelineError(.unsupported, file: scenario.file, "ranks split chip-time runs only; this scenario runs in continuous time")
      }
      let simulation = try ContinuousTimeSimulation(network: body.network, recording: body.recording)
      for part in 1...100 {
        simulation.run(until: duration * Double(part) / 100)
        if let failure = simulation.failure { throw failure.inFile(scenario.file) }
        progress?(Double(part) / 100)
      }
      result = simulation.result
    }
    let wall = Date().timeIntervalSince(start)
    phase?("costing")
    let chip = try session.report(for: result, timestep: body.chip.timestep)
    let duration = body.timeModel.durationSeconds
    let sizes = body.network.populations.map(\.size)
    let entries = zip(chip.populations, sizes).map { PopulationRunEntry(cost: $0, size: $1, duration: duration) }
    let report = RunReport(
      scenario: scenario.file, description: scenario.description, seed: scenario.seed,
      timeModel: chip.timeModel, durationSeconds: duration, ticks: result.ticks, tickDuration: tickDuration,
      profile: profile.name, populations: entries,
      total: PopulationRunEntry(cost: chip.total, size: sizes.reduce(0, +), duration: duration), chip: chip)
    return Outcome(result: result, report: report, wallSeconds: wall, exchange: exchange)
  }
}
