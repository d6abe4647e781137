import SpikelineSupport

/// Turns WAV recordings into a spike dataset with the cochlea: one sample per recording, with the
/// label, split and speaker a manifest (or the caller) gives it.
public struct RecordingEncoder: Sendable {
  /// What one recording became.
  public struct Summary: Sendable, Encodable, Equatable {
    /// The WAV file.
    public var file: String
    /// Spikes of the encoded recording.
    public var spikes: Int
    /// Channels with at least one spike.
    public var activeChannels: Int
    /// Length of the recording, seconds.
    public var durationSeconds: Double
  }

  /// The front end.
  public var cochlea: Cochlea
  /// Class names of the dataset made (labels index them).
  public var classNames: [String]

  /// An encoder with `cochlea` for a dataset of `classNames`.
  public init(cochlea: Cochlea, classNames: [String]) {
    self.cochlea = cochlea
    self.classNames = classNames
  }

  /// The dataset of `manifest`'s recordings, and what each became; `progress` is called after each.
  /// - Throws: `SpikelineError` naming a WAV file that cannot be read.
  public func encode(_ manifest: RecordingManifest, progress: (() -> Void)? = nil) throws -> (dataset: SpikeDataset, summaries: [Summary]) {
    var samples: [SpikeSample] = [], summaries: [Summary] = []
    for entry in manifest.entries {
      let audio = try WAVFile.read(entry.path)
      let spikes = cochlea.spikes(audio)
      samples.append(SpikeSample(label: entry.label, speaker: entry.speaker, split: entry.split, duration: audio.duration,
                                 times: spikes.blocks, channels: spikes.channels))
      summaries.append(Summary(file: entry.path, spikes: spikes.blocks.count, activeChannels: Set(spikes.channels).count,
                               durationSeconds: audio.duration))
      progress?()
    }
    let parameters = cochlea.parameters
    let dataset = SpikeDataset(channelCount: parameters.channels, timeUnit: 1 / Double(parameters.envelopeRate), classNames: classNames,
                               speakerNames: manifest.speakerNames.isEmpty ? ["recording"] : manifest.speakerNames, samples: samples)
    return (dataset, summaries)
  }
}
