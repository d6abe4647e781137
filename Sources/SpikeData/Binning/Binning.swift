import SpikelineSupport

/// How spike times become time steps: T steps over a fixed window from 0 s; spikes at or after the
/// window's end are dropped. A spike at time s falls in step ⌊s·T/window⌋.
public struct Binning: Sendable, Equatable, Codable {
  /// Several spikes of one channel in one step: count them, or keep one.
  public enum Mode: String, Sendable, Codable, CaseIterable { case count, clip }

  /// Time steps T.
  public var steps: Int
  /// Seconds covered by the steps.
  public var window: Double
  /// Whether several spikes of a channel in one step count or clip to one.
  public var mode: Mode

  /// T steps over `window` seconds.
  public init(steps: Int, window: Double = 1.0, mode: Mode = .clip) {
    self.steps = steps
    self.window = window
    self.mode = mode
  }

  /// Seconds per step.
  public var stepDuration: Double { window / Double(steps) }

  /// Every problem with the settings, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(1...100_000).contains(steps) { errors.append(.field("steps", "must be 1...100000 (got \(steps)); T = 0 has no time steps")) }
    if !(window >= 1e-6 && window <= 1e6) { errors.append(.field("window", "must be 1e-6...1e6 seconds (got \(window))")) }
    return errors
  }

  /// Bins one sample of `dataset`.
  public func bin(_ sample: SpikeSample, timeUnit: Double, channels: Int) -> BinnedSample {
    // Step of each spike from its integer time: exact arithmetic where possible.
    let scale = Double(steps) * timeUnit / window
    // One key per spike, (step, channel) packed so that sorting the keys sorts the spikes.
    var keys: [UInt64] = []
    keys.reserveCapacity(sample.spikeCount)
    for k in sample.times.indices {
      let step = Int((Double(sample.times[k]) * scale * (1 + 1e-12)).rounded(.down))
      if step < steps { keys.append(UInt64(step) << 16 | UInt64(sample.channels[k])) }
    }
    Self.sortKeys(&keys)
    var stepStart = [Int32](repeating: 0, count: steps + 1)
    var active: [UInt16] = [], counts: [UInt8] = []
    var k = 0
    for t in 0..<steps {
      stepStart[t] = Int32(active.count)
      while k < keys.count && Int(keys[k] >> 16) == t {
        let key = keys[k]
        var n = 0
        while k < keys.count && keys[k] == key { n += 1; k += 1 }
        active.append(UInt16(truncatingIfNeeded: key))
        counts.append(mode == .clip ? 1 : UInt8(min(n, 255)))
      }
    }
    stepStart[steps] = Int32(active.count)
    return BinnedSample(steps: steps, channels: channels, label: sample.label, stepStart: stepStart, activeChannels: active, counts: counts)
  }

  /// Sorts (step, channel) keys. A sample's spikes are usually in time order already, so its steps
  /// never go down and only each step's channels need sorting (a few dozen keys each); otherwise the
  /// whole list is sorted.
  static func sortKeys(_ keys: inout [UInt64]) {
    keys.withUnsafeMutableBufferPointer { keys in
      var monotone = true
      for i in keys.indices.dropFirst() where keys[i - 1] >> 16 > keys[i] >> 16 { monotone = false; break }
      guard monotone else { keys.sort(); return }
      var start = 0
      while start < keys.count {
        var end = start + 1
        while end < keys.count && keys[end] >> 16 == keys[start] >> 16 { end += 1 }
        if end - start > 1 { keys[start..<end].sort() }
        start = end
      }
    }
  }

  /// Bins every sample of a split.
  public func bin(_ dataset: SpikeDataset, split: Split) -> [BinnedSample] {
    dataset.samples(in: split).map { bin($0, timeUnit: dataset.timeUnit, channels: dataset.channelCount) }
  }
}
