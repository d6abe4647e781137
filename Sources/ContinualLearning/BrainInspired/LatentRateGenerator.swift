import SpikeData
import SpikeTraining
import SpikelineSupport

/// Generative replay for spiking latent replay: instead of storing latent spike trains (Replay4NCL,
/// SpikingLR), learn a conditional VAE of their firing-rate profiles — per latent neuron, the fraction of
/// steps with a spike in each of `bins` time bins — and, when a new class arrives, sample rate profiles
/// of the old classes and draw spike trains from them (Bernoulli per step). BI-R's conditional replay
/// (a learned Gaussian prior per class) applied to the latent layer of a spiking network.
public struct LatentGeneratorSpec: Sendable, Codable, Equatable {
  /// Time bins of a rate profile.
  public var bins: Int
  /// Hidden units of the encoder and decoder.
  public var hidden: Int
  /// Latent (z) units.
  public var latent: Int
  /// Optimiser steps fitting the VAE.
  public var iterations: Int
  /// Rate profiles per step.
  public var batchSize: Int
  /// Adam's learning rate.
  public var learningRate: Float

  /// A specification; the defaults are those of the README's `spikeline bir memory` runs.
  public init(bins: Int = 8, hidden: Int = 64, latent: Int = 16, iterations: Int = 3000, batchSize: Int = 64, learningRate: Float = 2e-3) {
    self.bins = bins
    self.hidden = hidden
    self.latent = latent
    self.iterations = iterations
    self.batchSize = batchSize
    self.learningRate = learningRate
  }
}

/// A conditional VAE of old classes' latent firing-rate profiles, fitted once, sampled at every new class.
public struct LatentRateGenerator: Sendable {
  /// How it was made.
  public let spec: LatentGeneratorSpec
  let network: ReplayNetwork
  /// Latent neurons of a generated train.
  public let neurons: Int
  /// Time steps of a generated train.
  public let steps: Int

  /// Rate profile of a latent spike train: neuron-major, `bins` values in [0, 1] per neuron.
  public static func rates(_ sample: BinnedSample, bins: Int) -> [Float] {
    var profile = [Float](repeating: 0, count: sample.channels * bins)
    var stepsInBin = [Float](repeating: 0, count: bins)
    for t in 0..<sample.steps {
      let b = t * bins / sample.steps
      stepsInBin[b] += 1
      for k in sample.active(at: t) { profile[Int(sample.activeChannels[k]) * bins + b] += 1 }
    }
    for n in 0..<sample.channels { for b in 0..<bins where stepsInBin[b] > 0 { profile[n * bins + b] = min(1, profile[n * bins + b] / stepsInBin[b]) } }
    return profile
  }

  /// Trains the generator on old-class latents; `classes` is the number of output classes (prior modes).
  public init(training latents: [BinnedSample], classes: Int, spec: LatentGeneratorSpec, seed: UInt64) throws {
    guard let first = latents.first else { throw SpikelineError.usage("the latent generator needs at least one training sample") }
    guard spec.bins >= 1, spec.bins <= first.steps else { throw SpikelineError.field("bins", "must be in 1...\(first.steps), the latent trains' steps (got \(spec.bins))") }
    self.spec = spec
    neurons = first.channels
    steps = first.steps
    let inputs = Matrix(rows: latents.count, columns: neurons * spec.bins, values: latents.flatMap { Self.rates($0, bins: spec.bins) })
    let labels = latents.map(\.label)
    var network = ReplayNetwork(shape: ReplayNetworkShape(inputs: inputs.columns, hidden: [spec.hidden], outputs: 0, latent: spec.latent,
                                                          conditionalPrior: true, contexts: classes), seed: seed)
    // As a training run's steps: one gradient buffer and one workspace, the parameters updated in place.
    var gradient = [Float](repeating: 0, count: network.parameterCount)
    var optimizer = Optimizer(kind: .adamDefault, parameterCount: gradient.count)
    let workspace = ReplayWorkspace()
    var order = SeededGenerator(seed: seed, stream: "latent generator batches")
    var noise = SeededGenerator(seed: seed, stream: "latent generator noise")
    for _ in 0..<spec.iterations {
      let batch = (0..<min(spec.batchSize, latents.count)).map { _ in order.uniformInt(below: latents.count) }
      let batchLabels = batch.map { labels[$0] }
      _ = network.accumulateLossGradient(ContinualTrainer.rows(inputs, batch),
                                         ReplayTargets(active: [[Int]](repeating: [], count: batch.count), contexts: batchLabels),
                                         weights: .generator(1), generator: &noise, into: &gradient, workspace: workspace)
      ContinualRun.step(&network, &optimizer, &gradient, learningRate: spec.learningRate)
    }
    self.network = network
  }

  /// Bytes that must be kept to replay: the decoder and the class priors (32-bit floats); the encoder is
  /// only needed while training the generator.
  public var storedBytes: Int {
    let layout = network.layout
    return (layout.decoder.count + layout.priorMeans.count + layout.priorLogVariances.count) * MemoryLayout<Float>.size
  }

  /// `perClass` generated spike trains of each class in `classes`, at the latents' T.
  public func generate(perClass: Int, classes: [Int], seed: UInt64) -> [BinnedSample] {
    var generator = SeededGenerator(seed: seed, stream: "latent generation")
    let contexts = classes.flatMap { [Int](repeating: $0, count: perClass) }
    let profiles = network.generate(count: contexts.count, contexts: contexts, generator: &generator)
    var samples: [BinnedSample] = []
    samples.reserveCapacity(contexts.count)
    for (i, label) in contexts.enumerated() {
      var stepStart: [Int32] = [0], active: [UInt16] = [], counts: [UInt8] = []
      for t in 0..<steps {
        let b = t * spec.bins / steps
        for n in 0..<neurons where generator.nextUnitDouble() < Double(profiles[i, n * spec.bins + b]) {
          active.append(UInt16(n))
          counts.append(1)
        }
        stepStart.append(Int32(active.count))
      }
      samples.append(BinnedSample(steps: steps, channels: neurons, label: label, stepStart: stepStart, activeChannels: active, counts: counts))
    }
    return samples
  }
}
