import SpikeData
import SpikelineSupport

/// A replay buffer of compressed latents.
public struct LatentBuffer: Sendable, Equatable {
  /// The stored latents, in the order they were added.
  public private(set) var entries: [CompressedLatent] = []

  /// An empty buffer.
  public init() {}

  /// Stores `latent`.
  public mutating func append(_ latent: CompressedLatent) { entries.append(latent) }

  /// Bytes of all stored latents (the bit-packed payloads).
  public var byteCount: Int { entries.reduce(0) { $0 + $1.byteCount } }

  /// Samples stored per class.
  public var countsByClass: [Int: Int] { entries.reduce(into: [:]) { $0[$1.label, default: 0] += 1 } }

  /// Every latent decompressed to `steps` steps.
  public func decompressed(steps: Int) -> [BinnedSample] {
    entries.map { $0.compression.decompress($0, steps: steps) }
  }
}

extension LatentBuffer {
  /// Stores `method.samplesPerClass` latents of class `label`, chosen at random (stream
  /// "replay-selection" of `seed`) from `latents`, compressed by the method's codec.
  /// - Throws: `SpikelineError` naming `samplesPerClass` when the class has fewer samples.
  mutating func store(classOf label: Int, from latents: [BinnedSample], method: ReplayMethod, seed: UInt64) throws {
    let candidates = latents.indices.filter { latents[$0].label == label }
    guard method.samplesPerClass <= candidates.count else {
      throw SpikelineError.field("samplesPerClass", "the buffer asks \(method.samplesPerClass) samples of class \(label) but the training split has \(candidates.count)")
    }
    var picks = candidates
    var picker = SeededGenerator(seed: seed, stream: "replay-selection", index: label)
    picker.shuffle(&picks)
    for index in picks.prefix(method.samplesPerClass) { append(method.compression.compress(latents[index])) }
  }
}
