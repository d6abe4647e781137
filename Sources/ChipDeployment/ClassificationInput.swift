import Foundation
import SpikeData
import SpikelineSupport

/// One recording to classify: a WAV file encoded by the cochlea, or one sample of a spike dataset.
public struct ClassificationInput: Sendable {
  /// "file.wav", or "data.spkd#12" for sample 12 of a dataset.
  public var name: String
  /// The recording as spikes.
  public var sample: SpikeSample
  /// Seconds per time unit of `sample`'s spike times.
  public var timeUnit: Double
  /// Input channels of the recording.
  public var channels: Int
  /// The true class, when the source says (dataset samples); nil for WAV files.
  public var label: Int?
  /// Seconds the recording lasts.
  public var durationSeconds: Double

  /// The inputs in `paths`, in order: each `.wav` file encoded with `cochlea`, and the samples of
  /// each `.spkd` dataset in `split` (at most `limit` per dataset: a random subset drawn from
  /// `seed`, kept in dataset order).
  /// - Throws: `SpikelineError` naming a file that is neither, or that cannot be read.
  public static func load(_ paths: [String], cochlea: Cochlea, split: Split = .test, limit: Int? = nil,
                          seed: UInt64 = 1) throws -> [ClassificationInput] {
    var inputs: [ClassificationInput] = []
    for path in paths {
      switch URL(fileURLWithPath: path).pathExtension.lowercased() {
      case "wav", "wave":
        let audio = try WAVFile.read(path)
        let spikes = cochlea.spikes(audio)
        let sample = SpikeSample(label: 0, speaker: 0, split: split, duration: audio.duration, times: spikes.blocks, channels: spikes.channels)
        inputs.append(ClassificationInput(name: path, sample: sample, timeUnit: 1 / Double(cochlea.parameters.envelopeRate),
                                          channels: cochlea.parameters.channels, label: nil, durationSeconds: audio.duration))
      case "spkd":
        let dataset = try SpikeDataset.read(path)
        let indexed = dataset.samples.enumerated().filter { $0.element.split == split }
        var picked = indexed
        if let limit, limit < indexed.count {
          var generator = SeededGenerator(seed: seed, stream: "classification-subset")
          generator.shuffle(&picked)
          picked = picked.prefix(limit).sorted { $0.offset < $1.offset }
        }
        for (index, sample) in picked {
          inputs.append(ClassificationInput(name: "\(path)#\(index)", sample: sample, timeUnit: dataset.timeUnit, channels: dataset.channelCount,
                                            label: sample.label, durationSeconds: sample.duration))
        }
      default:
        throw SpikelineError(.invalidInput, file: path, "expected a .wav recording or a .spkd spike dataset")
      }
    }
    return inputs
  }
}
