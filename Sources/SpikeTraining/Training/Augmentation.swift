import SpikeData
import SpikelineSupport

/// Random changes to training inputs that a new speaker would make: a shift along the cochlea
/// (vocal-tract length moves formants by about one ERB, ~21 channels here), a shift in time, and
/// dropped input spikes. Each sample's draw comes from (seed, epoch, sample index), so training
/// stays deterministic and resumable.
public struct Augmentation: Sendable, Equatable, Codable {
  /// Channels move by a uniform integer in −channelShift...channelShift (spikes pushed off the ends are lost).
  public var channelShift: Int
  /// Steps move by a uniform integer in −timeShift...timeShift.
  public var timeShift: Int
  /// Each input entry is dropped with this probability.
  public var dropProbability: Double

  /// An augmentation; all zero changes nothing.
  public init(channelShift: Int = 0, timeShift: Int = 0, dropProbability: Double = 0) {
    self.channelShift = channelShift
    self.timeShift = timeShift
    self.dropProbability = dropProbability
  }

  /// No change.
  public static let none = Augmentation()
  /// True when the augmentation changes nothing.
  public var isIdentity: Bool { channelShift == 0 && timeShift == 0 && dropProbability == 0 }

  /// The augmented copy of `sample`.
  public func apply(_ sample: BinnedSample, seed: UInt64, epoch: Int, index: Int) -> BinnedSample {
    guard !isIdentity else { return sample }
    var generator = SeededGenerator(seed: seed ^ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15, stream: "augment", index: index)
    let dc = channelShift > 0 ? generator.uniformInt(below: 2 * channelShift + 1) - channelShift : 0
    let shift = timeShift > 0 ? generator.uniformInt(below: 2 * timeShift + 1) - timeShift : 0
    var start: [Int32] = [0], channels: [UInt16] = [], counts: [UInt8] = []
    for t in 0..<sample.steps {
      let source = t - shift
      if source >= 0 && source < sample.steps {
        for k in sample.active(at: source) {
          let channel = Int(sample.activeChannels[k]) + dc
          guard channel >= 0 && channel < sample.channels else { continue }
          if dropProbability > 0 && generator.bernoulli(dropProbability) { continue }
          channels.append(UInt16(channel)); counts.append(sample.counts[k])
        }
      }
      start.append(Int32(channels.count))
    }
    return BinnedSample(steps: sample.steps, channels: sample.channels, label: sample.label, stepStart: start,
                        activeChannels: channels, counts: counts)
  }
}
