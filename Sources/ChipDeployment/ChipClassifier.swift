import ChipModel
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// A trained spiking classifier deployed on a chip: exported to a SpikeCore network once, mapped
/// onto the cores of a chip profile once, then run event by event in chip time, one sample at a time.
///
/// This is the one place where training and the chip meet for inference: every caller (the
/// continual-learning runner, classifier scenarios, `spikeline classify`) scores a sample with the
/// model's own readout rule (`ReadoutMode.score`), so a prediction on the chip means what it means
/// in training.
public struct ChipClassifier: Sendable {
  /// The model as trained.
  public let model: SpikingModel
  /// The model as populations and synapse tables.
  public let exported: ExportedNetwork
  /// Time steps per sample (ticks of `exported.tickDuration` seconds).
  public let steps: Int
  /// Floating point as trained, or chip-like fixed point.
  public let arithmetic: ChipArithmetic
  /// The chip the model is mapped onto.
  public let profile: ChipProfile
  let mapping: CoreMapping
  let routing: RoutingTable

  /// Exports `model` and maps it onto `profile`.
  /// - Parameters:
  ///   - steps: time steps per sample; with `window` (seconds a sample covers) this sets the tick
  ///     duration, `window / steps` seconds.
  /// - Throws: `SpikelineError` if the network does not fit the chip or the profile lacks a figure.
  public init(model: SpikingModel, steps: Int, window: Double, profile: ChipProfile, arithmetic: ChipArithmetic = .floatingPoint) throws {
    guard steps > 0 else { throw SpikelineError.field("steps", "must be at least 1 (got \(steps))") }
    guard !model.layers.isEmpty else { throw SpikelineError.field("layers", "the model has no layers to deploy") }
    guard window > 0, window.isFinite else { throw SpikelineError.field("window", "must be a positive number of seconds (got \(window))") }
    self.model = model
    self.steps = steps
    self.arithmetic = arithmetic
    self.profile = profile
    exported = try model.exportNetwork(tickDuration: window / Double(steps))
    let session = try ChipSession(network: exported.network, profile: profile)
    mapping = session.mapping
    routing = session.routing
  }

  /// Runs one binned sample through the deployed network for `steps` ticks.
  /// - Returns: the class scores by the model's readout rule, the prediction, and the chip report
  ///   of this one sample (energy in joules, latency in seconds).
  /// - Throws: `SpikelineError` if the sample has more channels than the model has inputs.
  /// - Complexity: O(synaptic events + `steps` × neurons) of the run.
  public func classify(_ sample: BinnedSample, among active: [Int]? = nil) throws -> ChipClassification {
    guard sample.channels <= exported.network[exported.input].size else {
      throw SpikelineError.field("channels", "the sample has \(sample.channels) channels; the model takes \(exported.network[exported.input].size)")
    }
    var network = exported.network
    try network.setSource(exported.input, .spikeTicks(sample.spikeTicks()))
    guard let readout = exported.layers.last else { throw SpikelineError.field("layers", "the model has no readout layer") }
    let outputs = network[readout].size
    let readsSpikes = model.architecture.readout == .spikeCount
    let recording = RecordingPlan(spikes: readsSpikes ? .populations([readout]) : .none,
                                  membranes: readsSpikes ? [] : [.init(population: readout, neurons: Array(0..<outputs))])
    let simulation = try ChipTimeSimulation(network: network, tickDuration: exported.tickDuration, recording: recording, arithmetic: arithmetic)
    let monitor = try ChipActivityMonitor(network: network, mapping: mapping, routing: routing)
    simulation.observer = monitor
    simulation.run(ticks: steps)
    let result = simulation.result
    let scores = Self.scores(result, readout: readout, outputs: outputs, steps: steps, mode: model.architecture.readout)
    let report = try ChipReport(network: network, result: result, mapping: mapping, routing: routing, monitor: monitor)
    return ChipClassification(scores: scores, predictedClass: ReadoutMode.predictedClass(scores, among: active), report: report)
  }

  /// Class scores from a chip-time run by `ReadoutMode.score`. In floating point the chip's
  /// potentials are single precision widened to `Double` in the result, so narrowing them back is
  /// exact and the scores equal the training forward pass's.
  static func scores(_ result: SimulationResult, readout: PopulationID, outputs: Int, steps: Int, mode: ReadoutMode) -> [Float] {
    // The per-tick spike table is needed (and recorded) only for a spike-count readout.
    var spikesPerTick = [[Float]](repeating: [], count: outputs)
    if mode == .spikeCount {
      spikesPerTick = [[Float]](repeating: [Float](repeating: 0, count: steps), count: outputs)
      let spikes = result.spikes(of: readout)
      for (neuron, tick) in zip(spikes.neurons, spikes.ticks) where Int(tick) < steps { spikesPerTick[Int(neuron)][Int(tick)] += 1 }
    }
    return (0..<outputs).map { c in
      let trace = result.membrane(of: readout, neuron: c)?.potentials ?? []
      let counts = spikesPerTick[c]
      return mode.score(steps: steps, potential: { $0 < trace.count ? Float(trace[$0]) : 0 }, spikes: { $0 < counts.count ? counts[$0] : 0 }).score
    }
  }
}
