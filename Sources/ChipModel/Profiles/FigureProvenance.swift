/// Where one figure of a chip profile comes from, so a user can tell a measurement from a guess.
public struct FigureProvenance: Codable, Sendable, Equatable {
  /// How a figure was obtained.
  public enum Basis: String, Codable, Sendable, CaseIterable {
    /// Printed in the source as measured on silicon (or, for Davies et al. 2018, as the
    /// designers' pre-silicon characterisation).
    case measured
    /// Computed from printed figures (a division, a regression, a difference).
    case derived
    /// Chosen by Spikeline where no source gives the figure.
    case assumed
    /// Set by the user (a scenario's profile object or a `--profile` file).
    case user
  }

  /// How the figure was obtained.
  public var basis: Basis
  /// The citation or the reasoning, one line.
  public var source: String
  /// The published measurement this figure was fitted to, if any: a calibration case that tests
  /// against the same measurement tests nothing, so calibration tables show it.
  public var fittedTo: String?

  /// A provenance entry.
  public init(_ basis: Basis, _ source: String, fittedTo: String? = nil) {
    self.basis = basis
    self.source = source
    self.fittedTo = fittedTo
  }
}
