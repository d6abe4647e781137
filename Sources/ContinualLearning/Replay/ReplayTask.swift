import Foundation
import Synchronization
import SpikeData
import SpikeTraining
import SpikelineSupport

/// One class-incremental task: a model pre-trained without `newClass`, the dataset, and caches of
/// binned samples and latent spike trains shared by every method and seed run on it.
public final class ReplayTask: @unchecked Sendable {
  /// The spike dataset.
  public let dataset: SpikeDataset
  /// The backbone pre-trained without `newClass`.
  public let pretrained: SpikingModel
  /// The class learned.
  public let newClass: Int
  /// The classes the backbone knows.
  public let oldClasses: [Int]
  /// Training speakers kept out of continual learning (validation for searches); empty normally.
  public let validationSpeakers: Set<Int>
  /// Seconds the binning covers.
  public let window: Double

  private let lock = NSLock()
  private var binnedCache: [String: [BinnedSample]] = [:]
  private var latentCache: [String: [BinnedSample]] = [:]

  /// - Throws: if the classes are out of range.
  public init(dataset: SpikeDataset, pretrained: SpikingModel, newClass: Int, oldClasses: [Int], validationSpeakers: Set<Int> = [],
              window: Double = 1.0) throws {
    guard dataset.classNames.indices.contains(newClass) else {
      throw SpikelineError.field("heldOutClass", "\(newClass) is not a class of the dataset (0..<\(dataset.classNames.count))")
    }
    guard pretrained.architecture.inputChannels == dataset.channelCount, pretrained.layers.last?.outputs == dataset.classNames.count else {
      throw SpikelineError.field("checkpoint", "the model takes \(pretrained.architecture.inputChannels) inputs and has \(pretrained.layers.last?.outputs ?? 0) outputs; the dataset has \(dataset.channelCount) channels and \(dataset.classNames.count) classes")
    }
    self.dataset = dataset
    self.pretrained = pretrained
    self.newClass = newClass
    self.oldClasses = oldClasses
    self.validationSpeakers = validationSpeakers
    self.window = window
  }

  /// The role a sample plays in an experiment.
  public enum Part: String, Sendable {
    /// Training split minus validation speakers.
    case train
    /// The validation speakers' samples of the training split.
    case validation
    /// The test split (never used to choose settings).
    case test
  }

  /// Samples of `part` binned to `steps` steps (cached).
  public func binned(_ part: Part, steps: Int) -> [BinnedSample] {
    let key = "\(part.rawValue)/\(steps)"
    lock.lock(); defer { lock.unlock() }
    if let cached = binnedCache[key] { return cached }
    let binning = Binning(steps: steps, window: window)
    let samples: [SpikeSample]
    switch part {
    case .train: samples = dataset.samples(in: .train).filter { !validationSpeakers.contains($0.speaker) }
    case .validation: samples = dataset.samples(in: .train).filter { validationSpeakers.contains($0.speaker) }
    case .test: samples = dataset.samples(in: .test)
    }
    let result = samples.map { binning.bin($0, timeUnit: dataset.timeUnit, channels: dataset.channelCount) }
    binnedCache[key] = result
    return result
  }

  /// The frozen layers' output (layer `latentLayer − 1`) for every sample of `part` at `steps` (cached).
  public func latents(_ part: Part, steps: Int, latentLayer: Int) -> [BinnedSample] {
    let inputs = binned(part, steps: steps)
    guard latentLayer > 0 else { return inputs }
    let key = "\(part.rawValue)/\(steps)/\(latentLayer)"
    lock.lock()
    if let cached = latentCache[key] { lock.unlock(); return cached }
    lock.unlock()
    let frozen = pretrained.slice(0..<latentLayer)
    let trains = frozen.spikeTrains(inputs, layer: latentLayer - 1).trains
    lock.lock(); latentCache[key] = trains; lock.unlock()
    return trains
  }
}
