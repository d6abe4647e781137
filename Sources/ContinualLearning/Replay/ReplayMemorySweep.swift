import Foundation
import SpikelineSupport

/// Replay memory against accuracy: Replay4NCL with stored-latent buffers of several sizes, and the
/// same phase replaying latents drawn from conditional generators of several sizes (BI-R-style
/// generative replay of the old classes' latent firing rates). What `spikeline bir memory` runs.
public struct ReplayMemorySweep: Sendable {
  /// One setting's result, averaged over held-out classes and seeds.
  public struct Row: Sendable, Codable, Equatable {
    /// "buffer K/class" or "generator h=H".
    public var name: String
    /// "buffer" or "generator".
    public var kind: String
    /// Bytes kept: the buffer's packed latents, or the generator's decoder and priors as 32-bit floats.
    public var memoryBytes: Double
    /// Old-class accuracy (fraction), mean and std.
    public var oldAccuracy: Double, oldAccuracyStd: Double
    /// New-class accuracy (fraction), mean and std.
    public var newAccuracy: Double, newAccuracyStd: Double
    /// Accuracy on all classes (fraction), mean and std.
    public var allAccuracy: Double, allAccuracyStd: Double
    /// Generators: bytes a buffer needs for the same old-class accuracy, interpolated log-linearly
    /// between measured buffers (nil if outside their range, and for buffers).
    public var bufferBytesAtEqualAccuracy: Double?
  }

  /// Stored latents per old class, one buffer setting each.
  public var bufferSizes: [Int]
  /// Hidden units, one generator setting each.
  public var generatorHidden: [Int]
  /// The generators' other settings.
  public var generator: LatentGeneratorSpec
  /// Generated latents replayed per old class.
  public var generatedPerClass: Int

  /// A sweep over the given buffer and generator sizes.
  public init(bufferSizes: [Int], generatorHidden: [Int], generator: LatentGeneratorSpec, generatedPerClass: Int) {
    self.bufferSizes = bufferSizes
    self.generatorHidden = generatorHidden
    self.generator = generator
    self.generatedPerClass = generatedPerClass
  }

  /// Replay4NCL's method once per buffer size and once per generator size.
  public var methods: [ReplayMethod] {
    var methods: [ReplayMethod] = bufferSizes.map { k in
      var m = ReplayMethod.replay4NCL
      m.name = "buffer \(k)/class"
      m.samplesPerClass = k
      return m
    }
    for h in generatorHidden {
      var m = ReplayMethod.replay4NCL
      m.name = "generator h=\(h)"
      m.samplesPerClass = generatedPerClass
      var spec = generator
      spec.hidden = h
      m.latentGenerator = spec
      methods.append(m)
    }
    return methods
  }

  /// The sweep's rows from an experiment that ran `methods`.
  public func rows(_ report: ReplayExperimentReport) -> [Row] {
    var rows = report.methods.map { m in
      Row(name: m.name, kind: m.name.hasPrefix("buffer") ? "buffer" : "generator", memoryBytes: m.bufferBytes,
          oldAccuracy: m.oldAccuracy, oldAccuracyStd: m.oldAccuracyStd, newAccuracy: m.newAccuracy, newAccuracyStd: m.newAccuracyStd,
          allAccuracy: m.allAccuracy, allAccuracyStd: m.allAccuracyStd, bufferBytesAtEqualAccuracy: nil)
    }
    let buffers = rows.filter { $0.kind == "buffer" }.sorted { $0.memoryBytes < $1.memoryBytes }
    for i in rows.indices where rows[i].kind == "generator" {
      rows[i].bufferBytesAtEqualAccuracy = Self.bufferBytes(buffers, reaching: rows[i].oldAccuracy)
    }
    return rows
  }

  /// Bytes a buffer needs for old-class `accuracy`, interpolating log-linearly between measured
  /// buffers sorted by size; nil outside their range.
  static func bufferBytes(_ buffers: [Row], reaching accuracy: Double) -> Double? {
    for (a, b) in zip(buffers, buffers.dropFirst()) where (a.oldAccuracy...max(a.oldAccuracy, b.oldAccuracy)).contains(accuracy) {
      guard b.oldAccuracy > a.oldAccuracy else { return a.memoryBytes }
      let f = (accuracy - a.oldAccuracy) / (b.oldAccuracy - a.oldAccuracy)
      return exp(log(a.memoryBytes) + f * (log(b.memoryBytes) - log(a.memoryBytes)))
    }
    return nil
  }
}
