import SpikeCore
import SpikeData
import SpikelineSupport

/// A trained model as a SpikeCore network.
public struct ExportedNetwork: Sendable {
  /// The populations and projections.
  public var network: Network
  /// The source population whose spikes are a sample's inputs.
  public var input: PopulationID
  /// One population per layer; the last is the readout.
  public var layers: [PopulationID]
  /// The tick the model's β and α are per-tick decays of.
  public var tickDuration: Double
}

extension SpikingModel {
  /// The model as populations and dense CSR projections that run event by event in chip time.
  ///
  /// Layer l becomes a population of `.discrete` neurons with the layer's β, α and θ (the readout
  /// never spikes); W and V become projections with a one-tick delay; inputs come from a source
  /// population whose spikes are a binned sample's steps (`BinnedSample.spikeTicks()`). Chip time
  /// then performs the training forward pass operation for operation: the same spikes, and the
  /// same readout potentials, tick by tick.
  public func exportNetwork(tickDuration: Double = 1e-3, seed: UInt64 = 0) throws -> ExportedNetwork {
    var network = Network(seed: seed)
    let input = try network.addSource("input", size: architecture.inputChannels,
                                      source: .spikeTicks(Array(repeating: [], count: architecture.inputChannels)))
    var previous = input
    var populations: [PopulationID] = []
    for (index, layer) in layers.enumerated() {
      let name = index == layers.count - 1 ? "readout" : "layer\(index + 1)"
      let model = NeuronModel.discrete(membraneDecay: Double(layer.membraneDecay),
                                       synapticDecay: layer.synapticDecay == 0 ? nil : Double(layer.synapticDecay),
                                       threshold: layer.isSpiking ? Double(layer.threshold) : .infinity, resetMode: layer.resetMode,
                                       tickDuration: tickDuration)
      let population = try network.addPopulation(name, size: layer.outputs, model: model)
      try network.connect(previous, to: population, connector: .denseMatrix(weights: layer.feedforward.map(Double.init)),
                          delay: .constant(tickDuration), name: "\(network[previous].name)->\(name)")
      if layer.isRecurrent {
        try network.connect(population, to: population, connector: .denseMatrix(weights: layer.recurrent.map(Double.init)),
                            delay: .constant(tickDuration), name: "\(name)->\(name)")
      }
      populations.append(population)
      previous = population
    }
    return ExportedNetwork(network: network, input: input, layers: populations, tickDuration: tickDuration)
  }

  /// The training forward pass of one sample: spike ticks per layer [layer][neuron] and the readout's
  /// potential per step [step][output].
  public func referenceRun(_ sample: BinnedSample) -> (spikeTicks: [[[Int]]], readout: [[Float]], operations: OperationCount) {
    let workspace = SpikingWorkspace(model: self, steps: sample.steps)
    var counter = OperationCount()
    _ = forward(sample, workspace: workspace, counter: &counter)
    var ticks: [[[Int]]] = layers.map { [[Int]](repeating: [], count: $0.outputs) }
    for l in layers.indices {
      for t in 0..<sample.steps {
        let active = workspace.active[l]
        for k in active.range(at: t) { ticks[l][Int(active.index[k])].append(t) }
      }
    }
    let n = layers.last?.outputs ?? 0
    let readout = (0..<sample.steps).map { t in (0..<n).map { workspace.potentials[layers.count - 1][t * n + $0] } }
    return (ticks, readout, counter)
  }
}
