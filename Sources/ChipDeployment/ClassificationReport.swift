import ChipModel
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Predictions for a list of recordings from a model deployed on a chip: one row per input with
/// the class, every score and the chip cost of that sample. What `spikeline classify` prints.
public struct ClassificationReport: Sendable, Encodable {
  /// One input's prediction.
  public struct Row: Sendable, Encodable, Equatable {
    /// The input's name (file, or dataset#index).
    public var input: String
    /// The true class's name, when the input has one.
    public var label: String?
    /// The predicted class's name.
    public var predicted: String
    /// The predicted class's index.
    public var predictedClass: Int
    /// Whether the prediction is the true class (nil without a label).
    public var correct: Bool?
    /// One score per class, by the model's readout rule.
    public var scores: [Float]
    /// Energy of the sample on the chip (the whole powered system), joules.
    public var energyJoules: Double
    /// That energy split: core dynamic, other dynamic (routing, management), static, joules.
    public var energyParts: EnergyBreakdown
    /// Latency of the sample on the chip, seconds.
    public var latencySeconds: Double
    /// Synaptic operations of the sample.
    public var synapticOps: Int
    /// Spikes of the sample (every population, inputs included).
    public var spikes: Int
    /// Seconds of the recording past the binning window, which the model does not see (0 if none).
    public var secondsPastWindow: Double
  }

  /// The class names, in output order.
  public var classNames: [String]
  /// Time steps per sample.
  public var steps: Int
  /// Seconds of each recording the steps cover.
  public var windowSeconds: Double
  /// The chip profile's name.
  public var profile: String
  /// "float32" or "fixed point".
  public var arithmetic: String
  /// One row per input, in input order.
  public var rows: [Row]
  /// Fraction of labelled inputs predicted correctly (nil when no input has a label).
  public var accuracy: Double?
  /// The chip report of all inputs together (per population and in total: counts, energy split,
  /// chip time, memory, NeuroBench metrics); nil without inputs.
  public var chip: ChipReport?

  /// Classifies every input on `classifier`'s chip after binning it into `classifier.steps` steps
  /// over `window` seconds. `progress` is called after each input.
  /// - Throws: `SpikelineError` when an input has more channels than the model takes.
  public init(_ classifier: ChipClassifier, inputs: [ClassificationInput], window: Double, classNames: [String],
              progress: (() -> Void)? = nil) throws {
    let binning = Binning(steps: classifier.steps, window: window)
    var rows: [Row] = []
    var chip: ChipReport?
    for input in inputs {
      let binned = binning.bin(input.sample, timeUnit: input.timeUnit, channels: input.channels)
      let outcome = try classifier.classify(binned)
      if chip == nil { chip = outcome.report } else { chip?.accumulate(outcome.report) }
      func name(_ c: Int) -> String { classNames.indices.contains(c) ? classNames[c] : "class \(c)" }
      rows.append(Row(input: input.name, label: input.label.map(name), predicted: name(outcome.predictedClass),
                      predictedClass: outcome.predictedClass, correct: input.label.map { $0 == outcome.predictedClass },
                      scores: outcome.scores, energyJoules: outcome.energyJoules, energyParts: outcome.report.total.energyJoules,
                      latencySeconds: outcome.latencySeconds,
                      synapticOps: outcome.report.total.synapticOps, spikes: outcome.report.total.spikes,
                      secondsPastWindow: max(0, input.durationSeconds - window)))
      progress?()
    }
    self.rows = rows
    self.chip = chip
    self.classNames = classNames
    steps = classifier.steps
    windowSeconds = window
    profile = classifier.profile.name
    arithmetic = classifier.arithmetic == .floatingPoint ? "float32" : "fixed point"
    let labelled = rows.compactMap(\.correct)
    accuracy = labelled.isEmpty ? nil : Double(labelled.filter { $0 }.count) / Double(labelled.count)
  }

  /// The rows as CSV: input, label, predicted, correct, energy, latency, synaptic ops, spikes, then
  /// one score column per class.
  public var csv: String {
    var lines = [CSV.line(["input", "label", "predicted", "correct", "energy_J", "latency_s", "synaptic_ops", "spikes"]
      + classNames.map { "score_" + $0 })]
    for row in rows {
      let fields = [row.input, row.label ?? "", row.predicted, row.correct.map { $0 ? "true" : "false" } ?? "", "\(row.energyJoules)",
                    "\(row.latencySeconds)", "\(row.synapticOps)", "\(row.spikes)"] + row.scores.map { "\($0)" }
      lines.append(CSV.line(fields))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
