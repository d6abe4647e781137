import SpikelineSupport

/// The Vogels–Abbott current-based network of Brette et al. (2007), benchmark 2 ("CUBA"), with
/// the parameters of Brian2's `examples/CUBA.py`: 4000 LIF neurons (3200 excitatory, 800
/// inhibitory), connection probability 0.02, τm 20 ms, τe 5 ms, τi 10 ms, V_rest −49 mV,
/// threshold −50 mV, reset −60 mV, refractory 5 ms, w_e 1.62 mV, w_i −9 mV, initial V uniform in
/// [−60, −50) mV, synaptic delay one tick.
public enum VogelsAbbottCUBA {
  /// The network's neuron model.
  public static let model = NeuronModel.cuba(
    membraneTimeConstant: 20e-3, excitatoryTimeConstant: 5e-3, inhibitoryTimeConstant: 10e-3,
    threshold: -50e-3, restingPotential: -49e-3, resetPotential: -60e-3, refractoryPeriod: 5e-3)

  /// The largest weight of the network with `synapsesPerNeuron` synapses per neuron, volts (the
  /// inhibitory one, 9 mV × 80/K, in magnitude): what a fixed-point format must cover.
  public static func largestWeight(synapsesPerNeuron: Double) -> Double { 20 * 4.5 / 10 * 1e-3 * 80 / synapsesPerNeuron }

  /// Builds the network; `scale` multiplies both population sizes (connection probability kept).
  /// - Parameter delay: synaptic delay, seconds (one tick of the intended simulation).
  public static func network(seed: UInt64, scale: Double = 1, delay: Double = 1e-4) throws -> Network {
    try build(seed: seed, excitatoryCount: Int((3200 * scale).rounded()), inhibitoryCount: Int((800 * scale).rounded()),
              probability: 0.02, weightGain: 1, delay: delay, threads: DeterministicParallel.threadCount)
  }

  /// The same network with `neurons` neurons (4 in 5 excitatory) and on average `synapsesPerNeuron`
  /// synapses leaving each (connection probability `synapsesPerNeuron / neurons`). Weights are
  /// scaled by 80 / `synapsesPerNeuron`, so a neuron's mean input stays that of the original
  /// (80 synapses per neuron at 4000 neurons), and the network keeps firing at a similar rate.
  /// - Parameters:
  ///   - delay: synaptic delay, seconds (one tick of the intended simulation).
  ///   - threads: threads that build the synapse tables (the tables do not depend on it).
  ///   - weightStorage: single precision, or a fixed-point format's integers (see `Network.storeWeights(as:)`).
  ///   - exchange: keep only the synapses onto this rank's neurons (`Network.keepRankShare(of:)`).
  public static func network(seed: UInt64, neurons: Int, synapsesPerNeuron: Double, delay: Double = 1e-4,
                             threads: Int = DeterministicParallel.threadCount,
                             weightStorage: WeightStorage = .singlePrecision,
                             keepingShareOf exchange: SpikeExchange? = nil) throws -> Network {
    guard neurons >= 2, synapsesPerNeuron > 0, synapsesPerNeuron <= Double(neurons) else {
      throw SpikelineError.field("synapsesPerNeuron", "must be in (0, neurons] with at least 2 neurons (got \(synapsesPerNeuron) for \(neurons) neurons)")
    }
    let inhibitoryCount = Int((Double(neurons) / 5).rounded())
    return try build(seed: seed, excitatoryCount: neurons - inhibitoryCount, inhibitoryCount: inhibitoryCount,
                     probability: synapsesPerNeuron / Double(neurons), weightGain: 80 / synapsesPerNeuron,
                     delay: delay, threads: threads, weightStorage: weightStorage, exchange: exchange)
  }

  static func build(seed: UInt64, excitatoryCount: Int, inhibitoryCount: Int, probability: Double, weightGain gain: Double,
                    delay: Double, threads: Int, weightStorage: WeightStorage = .singlePrecision,
                    exchange: SpikeExchange? = nil) throws -> Network {
    var network = Network(seed: seed)
    try network.storeWeights(as: weightStorage)
    let neurons = excitatoryCount + inhibitoryCount
    let initial = Population.InitialPotential.uniform(-60e-3, -50e-3)
    let e = try network.addPopulation("excitatory", size: excitatoryCount, model: model, initialPotential: initial)
    let i = try network.addPopulation("inhibitory", size: inhibitoryCount, model: model, initialPotential: initial)
    if let exchange { try network.keepRankShare(of: exchange) }
    // Refuse the whole network (this rank's share of it) before building any of it.
    let planned = Double(neurons) * Double(neurons) * probability / Double(exchange?.rankCount ?? 1)
    try MemoryBudget.check(SynapseTable.plannedBytes(synapses: planned, sources: 2 * neurons, delayBytes: 0,
                                                     weightBytes: weightStorage.bytesPerSynapse),
                           for: "a CUBA network of \(neurons) neurons with \(Int(planned)) synapses")
    for (source, weight, receptor) in [(e, 60 * 0.27 / 10 * 1e-3, Receptor.excitatory), (i, -20 * 4.5 / 10 * 1e-3, .inhibitory)] {
      for target in [e, i] {
        try network.connect(source, to: target, connector: .fixedProbability(probability), weight: .constant(weight * gain),
                            delay: .constant(delay), receptor: receptor, threads: threads)
      }
    }
    return network
  }
}
