import SpikelineSupport

/// A sample binned into time steps, stored sparsely: for each step the channels with spikes
/// and how many (1 when clipped). This is what the training code and a chip's input consume.
public struct BinnedSample: Sendable, Equatable {
  /// Time steps T.
  public let steps: Int
  /// Input channels (neurons of the input layer).
  public let channels: Int
  /// The class.
  public let label: Int
  /// `stepStart[t]..<stepStart[t+1]` index the active channels of step t.
  public let stepStart: [Int32]
  /// The channels with spikes, step after step.
  public let activeChannels: [UInt16]
  /// Spikes of each active channel in its step (1 when clipped).
  public let counts: [UInt8]

  /// A sample from its sparse parts; `stepStart` has `steps` + 1 entries.
  public init(steps: Int, channels: Int, label: Int, stepStart: [Int32], activeChannels: [UInt16], counts: [UInt8]) {
    self.steps = steps
    self.channels = channels
    self.label = label
    self.stepStart = stepStart
    self.activeChannels = activeChannels
    self.counts = counts
  }

  /// Active (channel, count) entries of step `t`.
  public func active(at t: Int) -> Range<Int> { Int(stepStart[t])..<Int(stepStart[t + 1]) }

  /// Number of non-zero (step, channel) entries.
  public var activeCount: Int { activeChannels.count }

  /// Total spikes counted.
  public var spikeCount: Int { counts.reduce(0) { $0 + Int($1) } }

  /// The dense matrix [step][channel].
  public func dense() -> [[UInt8]] {
    var matrix = [[UInt8]](repeating: [UInt8](repeating: 0, count: channels), count: steps)
    for t in 0..<steps { for k in active(at: t) { matrix[t][Int(activeChannels[k])] = counts[k] } }
    return matrix
  }

  /// Spike ticks per channel (one entry per counted spike), for a chip-time spike source.
  public func spikeTicks() -> [[Int]] {
    var ticks = [[Int]](repeating: [], count: channels)
    for t in 0..<steps {
      for k in active(at: t) { ticks[Int(activeChannels[k])] += [Int](repeating: t, count: Int(counts[k])) }
    }
    return ticks
  }
}
