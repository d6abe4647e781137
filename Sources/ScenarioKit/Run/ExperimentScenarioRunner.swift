import Foundation
import ChipDeployment
import ChipModel
import ContinualLearning
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Runs experiment scenarios (the kinds other than `network`) and returns their reports; printing
/// them is the caller's business.
public enum ExperimentScenarioRunner {
  /// A continual-learning scenario: every method on every held-out class with every seed, each
  /// held-out class on its own pre-trained backbones from the scenario's `pretrained` folder.
  /// - Parameters:
  ///   - profile: a chip profile that replaces the scenario's.
  ///   - runFinished: called after each (class, seed, method) run.
  /// - Throws: `SpikelineError` naming the scenario field or file at fault.
  public static func run(_ replay: ReplayScenario, scenario: Scenario, profile: ChipProfile? = nil,
                         runFinished: (() -> Void)? = nil) throws -> ReplayExperimentReport {
    let dataset = try SpikeDataset.read(replay.dataset)
    let library = BackboneLibrary(directory: replay.pretrained)
    let models: [Int: [Int: SpikingModel]]
    do {
      models = try library.models(heldOut: replay.heldOutClasses, steps: Set(replay.methods.map(\.backboneSteps)))
    } catch let error as SpikelineError {
      throw SpikelineError(error.kind, file: scenario.file, location: .field("heldOutClasses"), error.description)
    }
    let experiment = ReplayExperiment(dataset: dataset, datasetName: replay.dataset, pretrained: models, heldOutClasses: replay.heldOutClasses,
                                      seeds: (1...UInt64(replay.seeds)).map { $0 }, methods: replay.methods,
                                      runner: ReplayRunner(profile: profile ?? replay.profile))
    return try experiment.run { _, _, _ in runFinished?() }
  }

  /// What a training scenario produced.
  public struct TrainingOutcome: Sendable, Encodable {
    /// Accuracy (fraction) on the test split's samples of the trained classes.
    public var testAccuracy: Double
    /// Test samples evaluated.
    public var testSamples: Int
    /// One record per epoch.
    public var epochs: [EpochRecord]
    /// Fraction of (neuron, step) pairs that spiked, per hidden layer, on the test samples.
    public var hiddenFiringRates: [Double]
  }

  /// A training scenario: a classifier trained from scratch on the scenario's dataset and classes,
  /// written to its checkpoint when it names one.
  /// - Parameter epochEnded: called with each finished epoch's record.
  public static func run(_ train: TrainScenario, epochEnded: ((EpochRecord) -> Void)? = nil) throws -> TrainingOutcome {
    let dataset = try SpikeDataset.read(train.dataset)
    var architecture = train.architecture
    architecture.inputChannels = dataset.channelCount
    architecture.outputs = dataset.classNames.count
    let binning = Binning(steps: train.steps, window: train.window)
    let classes = train.classes ?? Array(dataset.classNames.indices)
    let trainSet = binning.bin(dataset, split: .train).filter { classes.contains($0.label) }
    let testSet = binning.bin(dataset, split: .test).filter { classes.contains($0.label) }
    let trainer = try SpikingTrainer(model: try SpikingModel(architecture, seed: train.settings.seed), settings: train.settings)
    trainer.activeClasses = classes.count < dataset.classNames.count ? classes : nil
    try trainer.train(trainSet, test: testSet) { record in epochEnded?(record) }
    if let checkpoint = train.checkpoint { try TrainingCheckpoint(model: trainer.model, metadata: ["dataset": train.dataset]).write(to: checkpoint) }
    return TrainingOutcome(testAccuracy: trainer.evaluate(testSet).accuracy, testSamples: testSet.count, epochs: trainer.history,
                           hiddenFiringRates: Array(trainer.model.firingRates(testSet).dropLast()))
  }

  /// What a classifier scenario measured.
  public struct ClassifierOutcome: Sendable, Encodable {
    /// The scenario file.
    public var scenario: String
    /// Samples run.
    public var samples: Int
    /// How the samples were chosen from the split (an even stride, or all).
    public var selection: String
    /// Ticks per sample.
    public var steps: Int
    /// "float32" or "fixed point".
    public var arithmetic: String
    /// The chip profile the model was mapped onto.
    public var profile: String
    /// Accuracy, agreement with the training forward pass, and mean chip cost per sample.
    public var evaluation: ChipEvaluation
  }

  /// A classifier scenario: a trained checkpoint deployed on the chip and run event by event on
  /// `samples` samples of the split, taken at an even stride.
  /// - Parameters:
  ///   - profile: a chip profile that replaces the scenario's.
  ///   - sampleFinished: called after each sample.
  public static func run(_ c: ClassifierScenario, scenario: Scenario, profile: ChipProfile? = nil,
                         sampleFinished: (() -> Void)? = nil) throws -> ClassifierOutcome {
    let model = try TrainingCheckpoint.read(c.checkpoint).model
    let dataset = try SpikeDataset.read(c.dataset)
    let pool = Binning(steps: c.steps, window: c.window).bin(dataset, split: c.split)
    let samples = ChipEvaluation.evenlySpaced(pool, count: c.samples)
    let classifier = try ChipClassifier(model: model, steps: c.steps, window: c.window, profile: profile ?? c.profile,
                                        arithmetic: c.fixedPoint.map { .fixedPoint($0) } ?? .floatingPoint)
    let evaluation = try ChipEvaluation(classifier, samples: samples, compareWithTraining: true, progress: sampleFinished)
    let selection = samples.count == pool.count ? "all \(pool.count) samples of the \(c.split.name) split"
      : "every \(max(pool.count / max(c.samples, 1), 1))th of the \(pool.count) samples of the \(c.split.name) split"
    return ClassifierOutcome(scenario: scenario.file, samples: samples.count, selection: selection, steps: c.steps,
                             arithmetic: c.fixedPoint == nil ? "float32" : "fixed point", profile: classifier.profile.name,
                             evaluation: evaluation)
  }
}
