import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// An image benchmark of the brain-inspired replay family: which images, how they become a task
/// stream, and what internal replay's frozen lower layer is pre-trained on (the other dataset:
/// Fashion-MNIST for MNIST, MNIST-5k for Fashion-MNIST).
public struct ImageBenchmark: Sendable {
  /// The task streams on offer.
  public enum Kind: String, Sendable, CaseIterable {
    /// The bundled 5,000-image MNIST subset, 5 tasks of 2 digits.
    case splitMNIST5k = "split-mnist5k"
    /// Fashion-MNIST, 5 tasks of 2 classes.
    case splitFashion = "split-fashion"
    /// Fashion-MNIST with one fixed pixel permutation per task (Domain-IL).
    case permutedFashion = "permuted-fashion"
  }

  /// Side of the padded square images of the permuted stream, pixels.
  public static let permutedSide = 32

  /// Which stream.
  public var kind: Kind
  /// Directory of the MNIST-style IDX files of MNIST-5k.
  public var mnistDirectory: String
  /// Directory of the Fashion-MNIST IDX files.
  public var fashionDirectory: String
  /// Tasks of the permuted stream.
  public var permutedTasks: Int
  /// At most this many training images per task (nil: all).
  public var trainLimit: Int?
  /// Iterations pre-training internal replay's lower layer.
  public var pretrainIterations: Int

  /// A benchmark reading its images from the two directories.
  public init(kind: Kind, mnistDirectory: String, fashionDirectory: String, permutedTasks: Int = 10, trainLimit: Int? = nil,
              pretrainIterations: Int = 1000) {
    self.kind = kind
    self.mnistDirectory = mnistDirectory
    self.fashionDirectory = fashionDirectory
    self.permutedTasks = permutedTasks
    self.trainLimit = trainLimit
    self.pretrainIterations = pretrainIterations
  }

  var usesMNIST: Bool { kind == .splitMNIST5k }

  /// The scenarios this benchmark runs of those asked for: the permuted stream is Domain-IL only.
  public func scenarios(_ requested: [IncrementalScenario]) -> [IncrementalScenario] {
    kind == .permutedFashion ? [.domain] : requested
  }

  /// The experiment of `methods` × `seeds` on this benchmark in `scenario`.
  /// - Throws: `SpikelineError` naming a directory without the IDX files.
  public func experiment(methods: [ContinualMethod], seeds: [UInt64], settings: ContinualSettings,
                         scenario: IncrementalScenario) throws -> BrainInspiredExperiment {
    let data = try Self.load(usesMNIST ? mnistDirectory : fashionDirectory, mnist: usesMNIST)
    let needsLower = methods.contains(where: \.usesFrozenLowerLayers)
    let other = needsLower ? try Self.load(usesMNIST ? fashionDirectory : mnistDirectory, mnist: !usesMNIST) : nil
    let kind = self.kind, tasks = permutedTasks, trainLimit = self.trainLimit, iterations = pretrainIterations
    let firstHidden = settings.hidden.first ?? 400
    let stream: @Sendable (UInt64) throws -> TaskStream = { seed in
      kind == .permutedFashion
        ? try TaskStream.permuted(data, tasks: tasks, paddedSide: Self.permutedSide, seed: seed, trainLimit: trainLimit)
        : try TaskStream.split(data, scenario: scenario, classesPerTask: 2, trainLimit: trainLimit)
    }
    var lower: (@Sendable (UInt64) throws -> DenseStack)?
    if let other {
      lower = { @Sendable seed in
        let set = other.train
        var inputs = Matrix(rows: set.count, columns: set.pixelsPerImage, values: set.pixels.map { Float($0) / 255 })
        if kind == .permutedFashion {
          // Same padding as the task inputs; pre-trained on unpermuted images of the other dataset.
          inputs = TaskStream.padded(set, side: Self.permutedSide)
        }
        return ContinualTrainer.pretrainLowerLayers(inputs: inputs, labels: set.labels, classes: other.classCount, hidden: [firstHidden],
                                                    iterations: iterations, seed: seed)
      }
    }
    return BrainInspiredExperiment(methods: methods, seeds: seeds, settings: settings, stream: stream, lowerLayers: lower)
  }

  /// The images in `directory`, with a hint at how to get them when the IDX files are missing.
  static func load(_ directory: String, mnist: Bool) throws -> ImageDataset {
    let name = mnist ? "MNIST-5k" : "Fashion-MNIST"
    guard FileManager.default.fileExists(atPath: directory + "/" + ImageDataset.fileNames.trainImages) else {
      let hint = mnist ? "run python3 Scenarios/Data/make-mnist-5k.py" : "run Scenarios/Data/install-fashion-mnist.sh"
      throw SpikelineError(.io, file: directory, "no \(name) IDX files here; \(hint)")
    }
    return try ImageDataset.load(directory: directory, name: name)
  }
}
