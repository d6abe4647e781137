import Foundation
import SpikelineSupport

/// Builds a spike dataset from `.npy` event files listed in a manifest.
///
/// Manifest: CSV lines `file,label,split[,speaker]` (a header line starting with `file` is
/// skipped; paths are relative to the manifest). Labels are class indices or class names.
/// Event files: a structured array with fields `t` (time) and `x` (channel), as tonic writes,
/// or an N × 2 numeric array of (time, channel). Times are multiplied by `secondsPerTimeUnit`
/// (1e-6 for tonic's microseconds) and stored at `resolution` seconds.
public struct EventImporter: Sendable {
  /// Input channels of the dataset made.
  public var channels: Int
  /// Seconds per time unit of the event files.
  public var secondsPerTimeUnit: Double
  /// Seconds per time unit of the dataset made.
  public var resolution: Double
  /// One name per class.
  public var classNames: [String]

  /// An importer; times in seconds.
  public init(channels: Int, secondsPerTimeUnit: Double, resolution: Double = 1e-4, classNames: [String]) {
    self.channels = channels
    self.secondsPerTimeUnit = secondsPerTimeUnit
    self.resolution = resolution
    self.classNames = classNames
  }

  /// Spikes of one event file as (time units, channel).
  public func sample(fromNPY path: String, label: Int, speaker: Int, split: Split) throws -> SpikeSample {
    let array = try NPYFile.read(path)
    let times: [Double], channelValues: [Double]
    if let t = array.field("t"), let x = array.field("x") {
      times = t; channelValues = x
    } else if array.shape.count == 2 && array.shape[1] == 2 {
      times = stride(from: 0, to: array.values.count, by: 2).map { array.values[$0] }
      channelValues = stride(from: 1, to: array.values.count, by: 2).map { array.values[$0] }
    } else {
      throw SpikelineError(.invalidInput, file: path, "expected a structured array with fields t and x, or an N × 2 array of (time, channel); found shape \(array.shape)")
    }
    var unitTimes: [UInt32] = [], spikeChannels: [UInt16] = []
    for (k, (time, channel)) in zip(times, channelValues).enumerated() {
      guard channel >= 0, channel < Double(channels), channel == channel.rounded() else {
        throw SpikelineError(.invalidInput, file: path, location: .field("event[\(k)].channel"), "channel \(channel) is not an integer in 0..<\(channels)")
      }
      let seconds = time * secondsPerTimeUnit
      guard seconds >= 0, seconds / resolution < Double(UInt32.max) else {
        throw SpikelineError(.invalidInput, file: path, location: .field("event[\(k)].time"), "time \(seconds) s is negative or too large")
      }
      unitTimes.append(UInt32((seconds / resolution).rounded()))
      spikeChannels.append(UInt16(channel))
    }
    let duration = (times.max() ?? 0) * secondsPerTimeUnit
    var sample = SpikeSample(label: label, speaker: speaker, split: split, duration: duration, times: unitTimes, channels: spikeChannels)
    sample.sortSpikes()
    return sample
  }

  /// Reads a manifest (`RecordingManifest`) and every event file it lists.
  public func dataset(manifest: String) throws -> SpikeDataset {
    let list = try RecordingManifest.read(manifest, classNames: classNames)
    let samples = try list.entries.map { try sample(fromNPY: $0.path, label: $0.label, speaker: $0.speaker, split: $0.split) }
    let dataset = SpikeDataset(channelCount: channels, timeUnit: resolution, classNames: classNames, speakerNames: list.speakerNames, samples: samples)
    if let error = dataset.validationErrors().first { throw error.inFile(manifest) }
    return dataset
  }
}
