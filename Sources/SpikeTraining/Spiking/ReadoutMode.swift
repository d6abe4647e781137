import SpikeCore
import SpikelineSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How class scores are read from the output layer.
public enum ReadoutMode: String, Sendable, Codable, CaseIterable {
  /// Non-spiking leaky readout; the score is its maximum membrane potential over time (SpikingLR).
  case maxMembrane
  /// Non-spiking leaky readout; the score is its mean membrane potential over time.
  case meanMembrane
  /// Spiking output neurons; the score is the spike count.
  case spikeCount
}
