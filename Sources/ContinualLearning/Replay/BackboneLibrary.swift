import Foundation
import SpikeTraining
import SpikelineSupport

/// A folder of pre-trained backbones, one checkpoint per held-out class and time-step count:
/// `backbone-without-C.spkc` for T = 100 and `backbone-tT-without-C.spkc` otherwise (and
/// `…-NAME.spkc` for a backbone trained on a named subset, such as `english`).
public struct BackboneLibrary: Sendable {
  /// The folder holding the checkpoints.
  public var directory: String

  /// A library in `directory`.
  public init(directory: String) { self.directory = directory }

  /// The file of the backbone pre-trained at `steps` time steps without class `heldOut`, or on the
  /// subset `name` when given.
  public func file(steps: Int, without heldOut: Int? = nil, name: String? = nil) -> String {
    let prefix = steps == 100 ? "backbone" : "backbone-t\(steps)"
    return "\(directory)/\(prefix)-\(name ?? "without-\(heldOut ?? 0)").spkc"
  }

  /// The backbones for each held-out class at each T, read from their checkpoints.
  /// - Returns: models by held-out class, then by T.
  /// - Throws: `SpikelineError` naming the first missing or unreadable file.
  public func models(heldOut: [Int], steps: Set<Int>) throws -> [Int: [Int: SpikingModel]] {
    var models: [Int: [Int: SpikingModel]] = [:]
    for c in heldOut {
      for t in steps.sorted() {
        let path = file(steps: t, without: c)
        guard FileManager.default.fileExists(atPath: path) else {
          throw SpikelineError(.io, file: path, "no backbone pre-trained at T = \(t) without class \(c); Scenarios/Data/make-pretrained.sh shows how the bundled ones are made")
        }
        models[c, default: [:]][t] = try TrainingCheckpoint.read(path).model
      }
    }
    return models
  }
}
