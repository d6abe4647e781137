import ChipModel
import ScenarioKit
import SpikeCore
import SpikelineSupport

/// A scenario's simulation that can be advanced piece by piece and inspected, in either time model.
final class SteppableRun {
  let scenario: Scenario
  let body: NetworkScenario
  let session: ChipSession
  private let chip: ChipTimeSimulation?
  private let continuous: ContinuousTimeSimulation?
  /// Spikes seen so far per population (to find new ones after each step).
  private var consumed: [Int]
  /// Spikes of each recent step: (step index, population, neuron).
  private(set) var recentSpikes: [(step: Int, population: Int, neuron: Int)] = []
  /// Steps taken.
  private(set) var steps = 0

  init(scenario: Scenario, body: NetworkScenario, profile: ChipProfile?) throws {
    self.scenario = scenario
    self.body = body
    session = try ChipSession(network: body.network, profile: profile ?? body.chip.profile, board: body.chip.chips)
    var plan = body.recording
    plan.spikes = .all
    switch body.timeModel {
    case .chip(let tick, _):
      let simulation = try ChipTimeSimulation(network: body.network, tickDuration: tick, recording: plan, arithmetic: body.arithmetic)
      session.attach(to: simulation)
      chip = simulation
      continuous = nil
    case .continuous:
      chip = nil
      continuous = try ContinuousTimeSimulation(network: body.network, recording: plan)
    }
    consumed = [Int](repeating: 0, count: body.network.populations.count)
  }

  var isChipTime: Bool { chip != nil }
  var network: Network { body.network }

  /// "tick 12 · t = 12.000 ms" or "event 57 · t = 3.141593 ms".
  var clock: String {
    if let chip { return "chip time · tick \(chip.tick) · t = \(String(format: "%.3f", chip.time * 1e3)) ms" }
    return "continuous time · event \(steps) · t = \(String(format: "%.6f", (continuous?.time ?? 0) * 1e3)) ms"
  }

  var time: Double { chip?.time ?? continuous?.time ?? 0 }
  var duration: Double { body.timeModel.durationSeconds }
  var isFinished: Bool {
    if let chip, case .chip(_, let ticks) = body.timeModel { return chip.tick >= ticks }
    return continuous?.nextEventTime.map { $0 > duration } ?? true
  }

  /// One tick (chip time) or one event (continuous time); false if the run is over.
  @discardableResult
  func advance() -> Bool {
    guard !isFinished else { return false }
    if let chip { chip.step() } else { continuous?.step() }
    steps += 1
    collectSpikes()
    return true
  }

  /// Advances until the simulated time reaches `target` seconds (or the end).
  func run(until target: Double) {
    while !isFinished && time < target - 1e-15 {
      if let next = continuous?.nextEventTime, next > target { break }
      advance()
    }
  }

  /// Advances until `neuron` of `population` spikes (or the end); true if it did.
  func runToNextSpike(population: Int, neuron: Int) -> Bool {
    let before = recentSpikes.count
    while advance() {
      if recentSpikes[before...].contains(where: { $0.population == population && $0.neuron == neuron }) { return true }
    }
    return false
  }

  private func collectSpikes() {
    let result = chip?.result ?? continuous?.result
    guard let result else { return }
    for record in result.spikes {
      let index = record.population.index
      for k in consumed[index]..<record.count {
        recentSpikes.append((steps, index, Int(record.neurons[k])))
      }
      consumed[index] = record.count
    }
    // Keep a bounded history.
    if recentSpikes.count > 50_000 { recentSpikes.removeFirst(recentSpikes.count - 40_000) }
  }

  /// Membrane potential of a neuron now, volts (nil for sources).
  func potential(population: Int, neuron: Int) -> Double? {
    guard !network.populations[population].isSource else { return nil }
    if let chip { return chip.membranePotential(of: PopulationID(population), neuron: neuron) }
    return continuous?.membranePotential(of: PopulationID(population), neuron: neuron)
  }

  /// Up to `limit` upcoming events, described in one line each.
  func upcomingEvents(limit: Int) -> [String] {
    if let chip {
      return chip.pendingDeliveries(limit: limit).map { delivery in
        let projection = network.projections[Int(delivery.projection)]
        let source = network[projection.source].name
        return "tick \(delivery.tick)  \(source)[\(delivery.source)] → \(projection.name)  \(delivery.synapseCount) synapse\(delivery.synapseCount == 1 ? "" : "s")"
      }
    }
    guard let continuous else { return [] }
    return continuous.upcomingEvents(limit: limit).map { event in
      var text = String(format: "%.6f ms  ", event.time * 1e3) + event.kind.rawValue
      if let population = event.population, let neuron = event.neuron { text += "  \(network[population].name)[\(neuron)]" }
      if let projection = event.projection {
        text += " → \(network[projection].name)  \(event.synapses) synapse\(event.synapses == 1 ? "" : "s")"
      }
      return text
    }
  }

  /// Counters and chip costs so far.
  func costs() -> (spikes: Int, synapticOps: Int, updates: Int, energy: Double?, latency: Double?) {
    guard let result = chip?.result ?? continuous?.result else { return (0, 0, 0, nil, nil) }
    let report = try? session.report(for: result)
    return (result.counters.totalSpikes, result.counters.totalSynapticEvents, result.counters.totalNeuronUpdates,
            report?.total.energyJoules.total, report?.total.latencySeconds)
  }
}
