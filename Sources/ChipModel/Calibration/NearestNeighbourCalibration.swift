import SpikeCore
import SpikelineSupport

/// Frady et al. 2020 (NICE, arXiv:2004.12691): approximate nearest-neighbour search on Loihi.
///
/// Rebuilt from the paper's architecture and activity: 76,800 pattern neurons (one per stored
/// pattern), each with 1000 input synapses (W = [E, −E] over 2 × 500 inputs); a query is 667–750
/// input spikes (a threshold removes a quarter to a third of the 1000 inputs), each spike reaching
/// every pattern neuron, within 60 timesteps; the run is on a 32-chip board. Published: core
/// ("Neuro") dynamic energy 1.33 mJ per query, 5.8 µs per timestep. Neither was used to fit the
/// Loihi profile: its per-operation energies are Davies et al.'s, its synchronisation SANA-FE's
/// silicon regression.
///
/// `scale` simulates 1/scale of the patterns: the mapper still packs 65 patterns per core, so
/// the per-core load per timestep (and so the time per timestep) is that of the full run, and the
/// core dynamic energy is multiplied by `scale`. The input spike times are drawn from a seeded
/// generator (uniform over the first 59 timesteps, so every delivery lands within the 60).
public enum NearestNeighbourCalibration {
  /// Pattern neurons of the published run.
  public static let patterns = 76_800
  /// Inputs per pattern neuron.
  public static let inputs = 1000
  /// Timesteps per query.
  public static let timesteps = 60
  /// The board of the published run.
  public static let boardChips = 32

  /// The published figures against Spikeline's, for queries of `inputSpikes` input spikes.
  /// - Throws: `SpikelineError` if the network cannot be built or mapped.
  public static func checks(profile: ChipProfile = .loihi, scale: Int = 1, inputSpikes: Int = 708,
                            seed: UInt64 = 1) throws -> [CalibrationCheck] {
    precondition(scale >= 1 && patterns % scale == 0 && (1...inputs).contains(inputSpikes))
    var generator = SeededGenerator(seed: seed, stream: "nearest-neighbour query")
    var order = Array(0..<inputs)
    order.shuffle(using: &generator)
    var spikeTicks = [[Int]](repeating: [], count: inputs)
    for input in order.prefix(inputSpikes) { spikeTicks[input] = [Int(generator.next() % UInt64(timesteps - 1))] }
    var network = Network()
    let tick = 1e-3
    let query = try network.addSource("query", size: inputs, source: .spikeTicks(spikeTicks))
    // Thresholds far above any reachable potential: a k = 1 query ends on the first output spike,
    // so output spikes are negligible in the published energy.
    let model = NeuronModel.discrete(membraneDecay: 1, threshold: 1e9, tickDuration: tick)
    let stored = try network.addPopulation("patterns", size: patterns / scale, model: model)
    try network.connect(query, to: stored, connector: .allToAll(), weight: .uniform(-1, 1), delay: .constant(tick))
    let session = try ChipSession(network: network, profile: profile, board: boardChips)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: tick)
    session.attach(to: simulation)
    simulation.run(ticks: timesteps)
    let report = try session.report(for: simulation.result)
    let run = "Frady et al. 2020 k-NN on \(boardChips) Loihi chips, \(inputSpikes)-spike query"
    let source = "arXiv:2004.12691 (Table 2, k = 1; timing section)"
    let note = "\(scale == 1 ? "all \(patterns) patterns" : "1/\(scale) of the \(patterns) patterns simulated, core energy × \(scale)"), \(inputs) inputs each; \(report.coresUsed) cores on \(report.chipsUsed) chip(s) of a \(boardChips)-chip board"
    return [
      CalibrationCheck(run: run, quantity: "core dynamic energy per query", unit: "J", published: 1.33e-3,
                       spikeline: report.total.energyJoules.coreDynamic * Double(scale), tolerance: 0.15, fitted: false,
                       source: source, note: note),
      CalibrationCheck(run: run, quantity: "time per timestep", unit: "s", published: 5.8e-6,
                       spikeline: report.latencyPerTimestepSeconds, tolerance: 0.25, fitted: false, source: source, note: note),
    ]
  }
}
