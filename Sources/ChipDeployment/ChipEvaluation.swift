import ChipModel
import SpikeData
import SpikeTraining
import SpikelineSupport

/// A set of samples classified on the chip: accuracy, agreement with the training forward pass,
/// and the mean chip cost per sample.
public struct ChipEvaluation: Sendable, Codable, Equatable {
  /// Samples run.
  public var samples: Int
  /// Fraction of samples whose chip prediction is their label.
  public var accuracy: Double
  /// Fraction of samples whose chip prediction equals the training forward pass's (nil if not checked).
  public var agreementWithTraining: Double?
  /// Mean energy per sample, joules.
  public var energyPerSampleJoules: Double
  /// Mean latency per sample on the chip, seconds.
  public var latencyPerSampleSeconds: Double
  /// Mean synaptic operations per sample.
  public var synapticOpsPerSample: Double
  /// Mean spikes per sample.
  public var spikesPerSample: Double
  /// The chip report of all samples together: per population and in total, counts, energy split
  /// (core dynamic, other dynamic, static), chip time and its parts, memory, NeuroBench metrics
  /// (nil when no sample ran).
  public var chip: ChipReport?

  /// `count` samples of `pool` taken at an even stride (all of them when `count` ≥ the pool),
  /// in pool order: the subset a cost estimate runs on.
  /// - Complexity: O(`count`).
  public static func evenlySpaced<T>(_ pool: [T], count: Int) -> [T] {
    guard count > 0, !pool.isEmpty else { return [] }
    return stride(from: 0, to: pool.count, by: max(pool.count / count, 1)).prefix(count).map { pool[$0] }
  }

  /// Classifies every sample on `classifier`'s chip; `compareWithTraining` also runs the training
  /// forward pass on each and counts agreement. `progress` is called after each sample.
  /// - Complexity: one chip-time run per sample.
  public init(_ classifier: ChipClassifier, samples: [BinnedSample], compareWithTraining: Bool = false,
              progress: (() -> Void)? = nil) throws {
    var correct = 0, agree = 0, energy = 0.0, latency = 0.0, synapticOps = 0, spikes = 0
    var chip: ChipReport?
    for sample in samples {
      let outcome = try classifier.classify(sample)
      if chip == nil { chip = outcome.report } else { chip?.accumulate(outcome.report) }
      if outcome.predictedClass == sample.label { correct += 1 }
      if compareWithTraining, SpikingTrainer.evaluate(classifier.model, [sample]).predictions.first == outcome.predictedClass { agree += 1 }
      energy += outcome.energyJoules
      latency += outcome.latencySeconds
      synapticOps += outcome.report.total.synapticOps
      spikes += outcome.report.total.spikes
      progress?()
    }
    let n = Double(max(samples.count, 1))
    self.samples = samples.count
    accuracy = Double(correct) / n
    agreementWithTraining = compareWithTraining ? Double(agree) / n : nil
    energyPerSampleJoules = energy / n
    latencyPerSampleSeconds = latency / n
    synapticOpsPerSample = Double(synapticOps) / n
    spikesPerSample = Double(spikes) / n
    self.chip = chip
  }
}
