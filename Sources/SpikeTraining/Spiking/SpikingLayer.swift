#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikeCore
import SpikelineSupport

/// One layer of leaky integrate-and-fire neurons (or the non-spiking readout) with feed-forward
/// weights from the layer below and optional recurrent weights, in the chip-time rule of
/// `ChipCoefficients`: I ← α·I + Wᵀs_below(t−1) + Vᵀs(t−1), U = β·V + I, spike if U ≥ θ.
public struct SpikingLayer: Sendable, Equatable {
  /// Neurons of the layer below (or input channels).
  public var inputs: Int
  /// Neurons of this layer.
  public var outputs: Int
  /// W, row-major [inputs][outputs]: row i holds the synapses of input i (as in a synapse table).
  public var feedforward: [Float]
  /// V, row-major [outputs][outputs], or empty for no recurrence.
  public var recurrent: [Float]
  /// β, membrane decay per step.
  public var membraneDecay: Float
  /// α, synaptic-current decay per step; 0 makes delta synapses (I = input of the step).
  public var synapticDecay: Float
  /// θ; `.infinity` for the non-spiking readout.
  public var threshold: Float
  /// What a spike does to the potential.
  public var resetMode: NeuronModel.ResetMode
  /// Whether β is trained.
  public var learnsMembraneDecay: Bool

  /// True when the layer has recurrent weights.
  public var isRecurrent: Bool { !recurrent.isEmpty }
  /// True for spiking layers, false for the non-spiking readout.
  public var isSpiking: Bool { threshold.isFinite }

  /// The per-step rule shared with the simulator.
  public var coefficients: ChipCoefficients {
    .discrete(membraneDecay: membraneDecay, synapticDecay: synapticDecay, threshold: threshold, resetMode: resetMode)
  }

  /// A layer with weights drawn from N(0, (scale/√inputs)²).
  public init(inputs: Int, outputs: Int, recurrent: Bool, membraneDecay: Float, synapticDecay: Float, threshold: Float,
              resetMode: NeuronModel.ResetMode = .toPotential, weightScale: Float, generator: inout SeededGenerator) {
    self.inputs = inputs
    self.outputs = outputs
    let sd = Double(weightScale) / Double(inputs).squareRoot()
    feedforward = (0..<(inputs * outputs)).map { _ in Float(generator.normal() * sd) }
    let recurrentSD = Double(weightScale) / Double(outputs).squareRoot()
    self.recurrent = recurrent ? (0..<(outputs * outputs)).map { _ in Float(generator.normal() * recurrentSD) } : []
    self.membraneDecay = membraneDecay
    self.synapticDecay = synapticDecay
    self.threshold = threshold
    self.resetMode = resetMode
    learnsMembraneDecay = false
  }

  /// A feed-forward layer with all weights zero (filled in by the caller, e.g. from a checkpoint).
  public init(inputs: Int, outputs: Int, membraneDecay: Float, synapticDecay: Float, threshold: Float,
              resetMode: NeuronModel.ResetMode = .toPotential) {
    self.inputs = inputs
    self.outputs = outputs
    feedforward = [Float](repeating: 0, count: inputs * outputs)
    recurrent = []
    self.membraneDecay = membraneDecay
    self.synapticDecay = synapticDecay
    self.threshold = threshold
    self.resetMode = resetMode
    learnsMembraneDecay = false
  }

  /// Trainable parameters: W, V, and β when learned.
  public var parameterCount: Int { feedforward.count + recurrent.count + (learnsMembraneDecay ? 1 : 0) }
}
