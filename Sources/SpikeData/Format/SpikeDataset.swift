import SpikelineSupport

/// Which part of a dataset a sample belongs to.
public enum Split: UInt8, Sendable, CaseIterable, Codable {
  /// Samples to train (and choose settings) on.
  case train = 0
  /// Samples held out for the final measurement (unseen speakers in the bundled data).
  case test = 1

  /// "train" or "test".
  public var name: String { self == .train ? "train" : "test" }
}

/// One recording as spikes: (time, channel) pairs sorted by time, then channel.
public struct SpikeSample: Sendable, Equatable {
  /// The class, an index into the dataset's `classNames`.
  public var label: Int
  /// The speaker, an index into the dataset's `speakerNames`.
  public var speaker: Int
  /// Training or test.
  public var split: Split
  /// Length of the recording, seconds.
  public var duration: Double
  /// Spike times in units of the dataset's `timeUnit`.
  public var times: [UInt32]
  /// The channel of each spike.
  public var channels: [UInt16]

  /// A sample; the spikes need not be sorted yet (see `sortSpikes`).
  public init(label: Int, speaker: Int, split: Split, duration: Double, times: [UInt32], channels: [UInt16]) {
    self.label = label
    self.speaker = speaker
    self.split = split
    self.duration = duration
    self.times = times
    self.channels = channels
  }

  /// The number of spikes.
  public var spikeCount: Int { times.count }

  /// Puts the spikes in (time, channel) order.
  /// - Complexity: O(*n* log *n*) for *n* spikes; O(*n*) when they are in order already.
  public mutating func sortSpikes() {
    // One 48-bit key per spike (time, then channel): equal keys are equal spikes, so no stability is needed.
    var keys = zip(times, channels).map { UInt64($0) << 16 | UInt64($1) }
    if zip(keys, keys.dropFirst()).allSatisfy({ $0 <= $1 }) { return }
    keys.sort()
    times = keys.map { UInt32(truncatingIfNeeded: $0 >> 16) }
    channels = keys.map { UInt16(truncatingIfNeeded: $0) }
  }
}

/// A labelled spike dataset: a channel count, a time unit, class and speaker names, and samples.
/// Stored on disk in the `.spkd` format (see `SpikeDataset+Binary.swift` and the README).
public struct SpikeDataset: Sendable {
  /// Input channels (700 for the cochlea and SHD).
  public var channelCount: Int
  /// Seconds per time unit of the samples' spike times.
  public var timeUnit: Double
  /// One name per class.
  public var classNames: [String]
  /// One name per speaker.
  public var speakerNames: [String]
  /// The samples, training and test.
  public var samples: [SpikeSample]

  /// A dataset; `timeUnit` in seconds.
  public init(channelCount: Int, timeUnit: Double, classNames: [String], speakerNames: [String], samples: [SpikeSample] = []) {
    self.channelCount = channelCount
    self.timeUnit = timeUnit
    self.classNames = classNames
    self.speakerNames = speakerNames
    self.samples = samples
  }

  /// The samples of one split.
  public func samples(in split: Split) -> [SpikeSample] { samples.filter { $0.split == split } }

  /// Spike times of a sample in seconds.
  public func spikeTimes(_ sample: SpikeSample) -> [Double] { sample.times.map { Double($0) * timeUnit } }

  /// The spike trains of a sample per channel, seconds (for a simulator's spike source).
  public func spikeTrains(_ sample: SpikeSample) -> [[Double]] {
    var trains = [[Double]](repeating: [], count: channelCount)
    for k in sample.times.indices { trains[Int(sample.channels[k])].append(Double(sample.times[k]) * timeUnit) }
    return trains
  }

  /// Every problem with the dataset's contents (sizes, ranges, order).
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if channelCount < 1 || channelCount > Int(UInt16.max) + 1 { errors.append(.field("channels", "must be 1...65536 (got \(channelCount))")) }
    if !(timeUnit > 0 && timeUnit.isFinite) { errors.append(.field("timeUnit", "must be > 0 seconds")) }
    if classNames.isEmpty || classNames.count > Int(UInt16.max) { errors.append(.field("classNames", "must name 1...65535 classes (got \(classNames.count))")) }
    for (index, sample) in samples.enumerated() {
      if !classNames.indices.contains(sample.label) { errors.append(.field("samples[\(index)].label", "\(sample.label) is not a class (0..<\(classNames.count))")) }
      if !speakerNames.indices.contains(sample.speaker) { errors.append(.field("samples[\(index)].speaker", "\(sample.speaker) is not a speaker (0..<\(speakerNames.count))")) }
      if sample.times.count != sample.channels.count { errors.append(.field("samples[\(index)]", "has \(sample.times.count) times for \(sample.channels.count) channels")) }
      if let bad = sample.channels.first(where: { Int($0) >= channelCount }) { errors.append(.field("samples[\(index)].channels", "channel \(bad) is not below \(channelCount)")) }
      if errors.count > 20 { break }
    }
    return errors
  }
}
