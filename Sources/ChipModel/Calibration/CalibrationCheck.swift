/// One published chip measurement set against what Spikeline computes for the same network and
/// activity.
public struct CalibrationCheck: Codable, Sendable, Equatable {
  /// The published run, e.g. "Frady et al. 2020, k-NN on Loihi".
  public var run: String
  /// What is compared, e.g. "core dynamic energy per query".
  public var quantity: String
  /// The unit of `published` and `spikeline`: J, s or W.
  public var unit: String
  /// The published figure.
  public var published: Double
  /// Spikeline's figure.
  public var spikeline: Double
  /// spikeline ÷ published.
  public var ratio: Double
  /// The accepted relative error: 0.15 for energy and power, 0.25 for time (SANA-FE's published
  /// accuracy on Loihi: 12 % energy, 25 % latency).
  public var tolerance: Double
  /// True when the profile was fitted to this very measurement: then the row checks the
  /// arithmetic, not the model, and does not count as a test.
  public var fitted: Bool
  /// The source of the published figure.
  public var source: String
  /// How the run was rebuilt (scale, assumptions).
  public var note: String

  /// A check; `ratio` is computed.
  public init(run: String, quantity: String, unit: String, published: Double, spikeline: Double,
              tolerance: Double, fitted: Bool, source: String, note: String) {
    self.run = run
    self.quantity = quantity
    self.unit = unit
    self.published = published
    self.spikeline = spikeline
    ratio = spikeline / published
    self.tolerance = tolerance
    self.fitted = fitted
    self.source = source
    self.note = note
  }

  /// True when the ratio is within 1 ± `tolerance`.
  public var isWithinTolerance: Bool { abs(ratio - 1) <= tolerance }
}
