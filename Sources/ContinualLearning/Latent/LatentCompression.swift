import SpikeData
import SpikelineSupport

/// Time-domain compression of latent spike trains (SpikingLR, Dequino et al. 2024): the steps are
/// cut into windows of `window` steps (the last one shorter when the window does not divide T) and
/// each neuron keeps one value per window: whether it spiked (`or`) or how often (`count`).
/// Decompression puts the value back at the start of its window: one spike at the window's first
/// step (`or`), or n spikes on its first n steps (`count`).
public struct LatentCompression: Sendable, Codable, Equatable {
  /// What one stored value says about its window.
  public enum Variant: String, Sendable, Codable, CaseIterable {
    /// One bit per window: the neuron spiked in it.
    case or
    /// The number of spikes in the window.
    case count
  }

  /// Steps per stored value (1 keeps every step).
  public var window: Int
  /// Spiked at all, or how often.
  public var variant: Variant

  /// Compression into windows of `window` steps.
  public init(window: Int, variant: Variant = .or) {
    self.window = window
    self.variant = variant
  }

  /// No compression: every step stored as one bit.
  public static let none = LatentCompression(window: 1)

  /// Every problem with the settings, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    window >= 1 && window <= 10_000 ? [] : [.field("compression.window", "must be 1...10000 steps (got \(window))")]
  }

  /// Stored values per neuron for `steps` steps.
  public func windows(forSteps steps: Int) -> Int { (steps + window - 1) / window }

  /// Bits per stored value: 1 for `or`, enough for 0...window for `count`.
  public var bitsPerValue: Int {
    guard variant == .count, window > 1 else { return 1 }
    var bits = 0
    while (1 << bits) <= window { bits += 1 }
    return bits
  }

  /// Packs one latent spike train.
  public func compress(_ train: BinnedSample) -> CompressedLatent {
    let windows = self.windows(forSteps: train.steps)
    var values = [Int](repeating: 0, count: windows * train.channels)
    for t in 0..<train.steps {
      let w = t / window
      for k in train.active(at: t) {
        let index = w * train.channels + Int(train.activeChannels[k])
        values[index] = variant == .or ? 1 : min(values[index] + Int(train.counts[k]), (1 << bitsPerValue) - 1)
      }
    }
    return CompressedLatent(label: train.label, neurons: train.channels, steps: train.steps, compression: self, values: values)
  }

  /// Unpacks to a spike train of `steps` steps (the steps it was compressed from, or more).
  public func decompress(_ latent: CompressedLatent, steps: Int) -> BinnedSample {
    var start: [Int32] = [0], channels: [UInt16] = []
    for t in 0..<steps {
      let w = t / window, offset = t % window
      if w < latent.windows {
        for n in 0..<latent.neurons {
          let value = latent.value(window: w, neuron: n)
          if variant == .or ? (offset == 0 && value > 0) : offset < value { channels.append(UInt16(n)) }
        }
      }
      start.append(Int32(channels.count))
    }
    return BinnedSample(steps: steps, channels: latent.neurons, label: latent.label, stepStart: start, activeChannels: channels,
                        counts: [UInt8](repeating: 1, count: channels.count))
  }
}

/// One compressed latent spike train, bit-packed (values in window-major order, LSB first).
public struct CompressedLatent: Sendable, Equatable {
  /// The class of the sample the train came from.
  public let label: Int
  /// Latent neurons.
  public let neurons: Int
  /// Steps of the train it was made from.
  public let steps: Int
  /// How it was compressed.
  public let compression: LatentCompression
  /// Windows per neuron.
  public let windows: Int
  /// The values, bit-packed.
  public let packed: [UInt8]

  init(label: Int, neurons: Int, steps: Int, compression: LatentCompression, values: [Int]) {
    self.label = label
    self.neurons = neurons
    self.steps = steps
    self.compression = compression
    windows = compression.windows(forSteps: steps)
    let bits = compression.bitsPerValue
    var packed = [UInt8](repeating: 0, count: (values.count * bits + 7) / 8)
    for (index, value) in values.enumerated() where value != 0 {
      for b in 0..<bits where value & (1 << b) != 0 {
        let bit = index * bits + b
        packed[bit / 8] |= 1 << UInt8(bit % 8)
      }
    }
    self.packed = packed
  }

  /// Bytes this latent occupies in a replay buffer.
  public var byteCount: Int { packed.count }

  /// The stored value of neuron `n` in window `w` (0 or 1 for `or`; a count for `count`).
  public func value(window w: Int, neuron n: Int) -> Int {
    let bits = compression.bitsPerValue
    let base = (w * neurons + n) * bits
    var value = 0
    for b in 0..<bits where packed[(base + b) / 8] & (1 << UInt8((base + b) % 8)) != 0 { value |= 1 << b }
    return value
  }
}
