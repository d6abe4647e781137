import SpikeCore
import SpikelineSupport

/// A multi-layer spiking network trained with surrogate-gradient BPTT: spiking hidden layers and
/// a readout layer (last in `layers`).
public struct SpikingModel: Sendable, Equatable {
  /// The shape and dynamics the model was made with.
  public var architecture: SpikingArchitecture
  /// The layers, input side first; the last is the readout.
  public var layers: [SpikingLayer]

  /// A freshly initialised model (seeded).
  public init(_ architecture: SpikingArchitecture, seed: UInt64) throws {
    if let error = architecture.validationErrors().first { throw error }
    self.architecture = architecture
    var generator = SeededGenerator(seed: seed, stream: "weights")
    var inputs = architecture.inputChannels
    layers = []
    for size in architecture.hidden {
      layers.append(SpikingLayer(inputs: inputs, outputs: size, recurrent: architecture.recurrent,
                                 membraneDecay: architecture.membraneDecay, synapticDecay: architecture.synapticDecay,
                                 threshold: architecture.threshold, resetMode: architecture.resetMode,
                                 weightScale: architecture.weightScale, generator: &generator))
      inputs = size
    }
    layers.append(SpikingLayer(inputs: inputs, outputs: architecture.outputs, recurrent: false,
                               membraneDecay: architecture.membraneDecay, synapticDecay: architecture.synapticDecay,
                               threshold: architecture.readout == .spikeCount ? architecture.threshold : .infinity,
                               resetMode: architecture.resetMode, weightScale: architecture.readoutWeightScale, generator: &generator))
  }

  /// A model from existing layers (loaded, sliced or joined).
  public init(architecture: SpikingArchitecture, layers: [SpikingLayer]) {
    self.architecture = architecture
    self.layers = layers
  }

  /// Trainable parameters of every layer.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Where each layer's parameters sit in a flat parameter (or gradient) vector.
  public struct Layout: Sendable, Equatable {
    /// Offset of each layer's W.
    public var feedforward: [Int]
    /// Offset of each layer's V, −1 when the layer has none.
    public var recurrent: [Int]
    /// Offset of each layer's β, −1 when it is not learned.
    public var membraneDecay: [Int]
    /// Parameters in all.
    public var count: Int
  }

  /// Where each layer's parameters sit in the flat vector.
  public var layout: Layout {
    var layout = Layout(feedforward: [], recurrent: [], membraneDecay: [], count: 0)
    for layer in layers {
      layout.feedforward.append(layout.count); layout.count += layer.feedforward.count
      layout.recurrent.append(layer.isRecurrent ? layout.count : -1); layout.count += layer.recurrent.count
      layout.membraneDecay.append(layer.learnsMembraneDecay ? layout.count : -1); layout.count += layer.learnsMembraneDecay ? 1 : 0
    }
    return layout
  }

  /// All parameters as one vector (layout order).
  public func flatParameters() -> [Float] {
    var flat: [Float] = []
    flat.reserveCapacity(parameterCount)
    for layer in layers {
      flat += layer.feedforward
      flat += layer.recurrent
      if layer.learnsMembraneDecay { flat.append(layer.membraneDecay) }
    }
    return flat
  }

  /// Sets every parameter from a vector in layout order (β kept in [0, 0.9999]).
  public mutating func setFlatParameters(_ flat: [Float]) {
    var offset = 0
    for index in layers.indices {
      let n = layers[index].feedforward.count
      layers[index].feedforward = Array(flat[offset..<(offset + n)]); offset += n
      let r = layers[index].recurrent.count
      layers[index].recurrent = Array(flat[offset..<(offset + r)]); offset += r
      if layers[index].learnsMembraneDecay {
        layers[index].membraneDecay = min(max(flat[offset], 0), 0.9999); offset += 1
      }
    }
  }

  /// The parameter ranges of layers `first...` (the trainable part when lower layers are frozen).
  public func parameterRange(fromLayer first: Int) -> Range<Int> {
    let layout = self.layout
    let start = first < layers.count ? layout.feedforward[first] : layout.count
    return start..<layout.count
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
