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
  ///
  /// Spikes read from a `.spkd` file come channel by channel, so nearly every sample needs this.
  /// When the spike times span no more than a few times the spike count (a recording binned in
  /// steps), it is two counting passes, by channel and then, keeping that order, by time; otherwise
  /// a comparison sort of packed (time, channel) keys. Equal pairs are equal spikes, so both give
  /// the same result.
  /// - Complexity: O(*n* + *T* + *C*) for *n* spikes up to time step *T* on *C* channels, when *T* ≤ 4*n*
  ///   + 4096; else O(*n* log *n*); O(*n*) when they are in order already.
  public mutating func sortSpikes() {
    let n = times.count
    guard n > 1, n == channels.count else { return }
    var inOrder = true, latest: UInt32 = 0, channelCount = 0
    times.withUnsafeBufferPointer { t in
      channels.withUnsafeBufferPointer { c in
        for i in 0..<n {
          latest = max(latest, t[i])
          channelCount = max(channelCount, Int(c[i]) + 1)
          if i > 0 && (t[i - 1] > t[i] || (t[i - 1] == t[i] && c[i - 1] > c[i])) { inOrder = false }
        }
      }
    }
    if inOrder { return }
    if Int(latest) <= 4 * n + 4096 {
      countingSort(steps: Int(latest) + 1, channelCount: channelCount)
    } else {
      var keys = zip(times, channels).map { UInt64($0) << 16 | UInt64($1) }
      keys.sort()
      times = keys.map { UInt32(truncatingIfNeeded: $0 >> 16) }
      channels = keys.map { UInt16(truncatingIfNeeded: $0) }
    }
  }

  /// Stable counting sort by channel, then by time (least significant key first).
  private mutating func countingSort(steps: Int, channelCount: Int) {
    let n = times.count
    var byChannel = [Int32](repeating: 0, count: n), byTime = [Int32](repeating: 0, count: n)
    var starts = [Int](repeating: 0, count: max(steps, channelCount) + 1)
    times.withUnsafeBufferPointer { t in
      channels.withUnsafeBufferPointer { c in
        starts.withUnsafeMutableBufferPointer { starts in
          byChannel.withUnsafeMutableBufferPointer { byChannel in
            byTime.withUnsafeMutableBufferPointer { byTime in
              // Pass 1: spike indices in channel order (input order within a channel).
              for i in 0..<(channelCount + 1) { starts[i] = 0 }
              for i in 0..<n { starts[Int(c[i]) + 1] += 1 }
              for k in 0..<channelCount { starts[k + 1] += starts[k] }
              for i in 0..<n {
                let k = Int(c[i])
                byChannel[starts[k]] = Int32(i)
                starts[k] += 1
              }
              // Pass 2: those indices in time order, keeping channel order within a step.
              for i in 0..<(steps + 1) { starts[i] = 0 }
              for i in 0..<n { starts[Int(t[i]) + 1] += 1 }
              for k in 0..<steps { starts[k + 1] += starts[k] }
              for j in 0..<n {
                let i = Int(byChannel[j]), k = Int(t[i])
                byTime[starts[k]] = Int32(i)
                starts[k] += 1
              }
            }
          }
        }
      }
    }
    let oldTimes = times, oldChannels = channels
    times = byTime.map { oldTimes[Int($0)] }
    channels = byTime.map { oldChannels[Int($0)] }
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
