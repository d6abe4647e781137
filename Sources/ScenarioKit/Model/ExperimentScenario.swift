import Foundation
import ChipModel
import ContinualLearning
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Experiment scenarios: what `spikeline run` does for the kinds other than `network`.
public enum ExperimentScenario: Sendable {
  /// Continual learning: one method (and others to compare with) over held-out classes and seeds.
  case replay(ReplayScenario)
  /// Pre-training a spiking classifier.
  case train(TrainScenario)
  /// A trained classifier exported to the simulator and run event by event on dataset samples.
  case classifier(ClassifierScenario)
}

/// A continual-learning scenario (`replay4ncl`, `spikinglr`): methods over held-out classes and seeds.
public struct ReplayScenario: Sendable {
  /// Path of the `.spkd` dataset.
  public var dataset: String
  /// Folder of the pre-trained backbones (see `BackboneLibrary`).
  public var pretrained: String
  /// Classes learned one per run, each by a backbone pre-trained without it.
  public var heldOutClasses: [Int]
  /// Seeds per held-out class (1...seeds).
  public var seeds: Int
  /// The chip the phase and inference are priced on.
  public var profile: ChipProfile
  /// The methods compared.
  public var methods: [ReplayMethod]
}

/// A training scenario (`train`): a spiking classifier trained from scratch.
public struct TrainScenario: Sendable {
  /// Path of the `.spkd` dataset.
  public var dataset: String
  /// The network's shape and dynamics (inputs and outputs are set from the dataset).
  public var architecture: SpikingArchitecture
  /// Epochs, batch, optimiser and seed.
  public var settings: TrainingSettings
  /// Time steps T per sample.
  public var steps: Int
  /// Seconds of each recording binned into the T steps.
  public var window: Double
  /// Classes trained and tested on (nil: all).
  public var classes: [Int]?
  /// Where the trained model is saved (nil: not saved).
  public var checkpoint: String?
}

/// A classifier scenario (`classifier`): a trained checkpoint run on the chip sample by sample.
public struct ClassifierScenario: Sendable {
  /// Path of the `.spkc` checkpoint.
  public var checkpoint: String
  /// Path of the `.spkd` dataset.
  public var dataset: String
  /// The split the samples come from.
  public var split: Split
  /// Samples run, taken at an even stride through the split.
  public var samples: Int
  /// Time steps (ticks) per sample.
  public var steps: Int
  /// Seconds of each recording binned into the steps.
  public var window: Double
  /// The chip the model is mapped onto.
  public var profile: ChipProfile
  /// Chip-like integer arithmetic (nil: single-precision floating point).
  public var fixedPoint: FixedPointFormat?
}
