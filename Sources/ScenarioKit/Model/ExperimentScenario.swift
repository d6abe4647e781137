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

public struct ReplayScenario: Sendable {
  public var dataset: String
  public var pretrained: String
  public var heldOutClasses: [Int]
  public var seeds: Int
  public var profile: ChipProfile
  public var methods: [ReplayMethod]
}

public struct TrainScenario: Sendable {
  public var dataset: String
  public var architecture: SpikingArchitecture
  public var settings: TrainingSettings
  public var steps: Int
  public var window: Double
  public var classes: [Int]?
  public var checkpoint: String?
}

public struct ClassifierScenario: Sendable {
  public var checkpoint: String
  public var dataset: String
  public var split: Split
  public var samples: Int
  public var steps: Int
  public var window: Double
  public var profile: ChipProfile
  public var fixedPoint: FixedPointFormat?
}
