import Testing
import ChipModel
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport
@testable import ContinualLearning

/// Four classes of synthetic spoken-digit-like samples: each fires its own channel band at its own time.
func syntheticDataset(seed: UInt64 = 1) -> SpikeDataset {
  var generator = SeededGenerator(seed: seed)
  var dataset = SpikeDataset(channelCount: 24, timeUnit: 1e-3, classNames: ["a", "b", "c", "d"], speakerNames: (0..<6).map { "s\($0)" })
  for speaker in 0..<6 {
    for label in 0..<4 {
      for _ in 0..<10 {
        var times: [UInt32] = [], channels: [UInt16] = []
        for _ in 0..<60 {
          times.append(UInt32(label * 40 + generator.uniformInt(below: 60)))
          channels.append(UInt16(label * 6 + generator.uniformInt(below: 6)))
        }
        for _ in 0..<20 { times.append(UInt32(generator.uniformInt(below: 200))); channels.append(UInt16(generator.uniformInt(below: 24))) }
        var sample = SpikeSample(label: label, speaker: speaker, split: speaker < 4 ? .train : .test, duration: 0.2, times: times, channels: channels)
        sample.sortSpikes()
        dataset.samples.append(sample)
      }
    }
  }
  return dataset
}

/// A small backbone pre-trained on classes 0–2 at 20 steps.
func pretrainedWithoutLastClass(_ dataset: SpikeDataset) throws -> SpikingModel {
  let architecture = SpikingArchitecture(inputChannels: 24, hidden: [16, 12], recurrent: true, outputs: 4, membraneDecay: 0.8,
                                         synapticDecay: 0.5, threshold: 1, resetMode: .toPotential, readout: .meanMembrane,
                                         surrogate: .fastSigmoid(slope: 10), weightScale: 1.5, readoutWeightScale: 0.3)
  let binning = Binning(steps: 20, window: 0.2)
  let train = binning.bin(dataset, split: .train).filter { $0.label < 3 }
  let trainer = try SpikingTrainer(model: try SpikingModel(architecture, seed: 2),
                                   settings: TrainingSettings(epochs: 25, batchSize: 12, learningRate: 0.01, optimizer: .adamDefault))
  trainer.activeClasses = [0, 1, 2]
  try trainer.train(train)
  return trainer.model
}

func method(_ base: ReplayMethod) -> ReplayMethod {
  var m = base
  m.latentLayer = 1
  m.steps = base.name == "Replay4NCL" ? 8 : 20  // 8 stored steps vs 20 at 1:2 = 10 windows: 20% smaller, as 40 vs 50
  m.backboneSteps = 20
  m.samplesPerClass = 8
  m.epochs = 20
  m.batchSize = 8
  m.learningRate = 0.01
  return m
}

@Suite(.serialized) struct ReplayRunnerTests {
  static let dataset = syntheticDataset()
  static let pretrained: Result<SpikingModel, any Error> = Result { try pretrainedWithoutLastClass(dataset) }

  func task() throws -> ReplayTask {
    try ReplayTask(dataset: Self.dataset, pretrained: try Self.pretrained.get(), newClass: 3, oldClasses: [0, 1, 2], window: 0.2)
  }

  @Test("A new class is learned with latent replay while old classes stay far above chance; naive forgets them")
  func learnsNewClass() throws {
    let runner = ReplayRunner(profile: .loihi, inferenceSamples: 1)
    let replay = try runner.run(try task(), method: method(.spikingLR), seed: 1)
    #expect(replay.newAccuracy > 0.8, "new \(replay.newAccuracy)")
    #expect(replay.oldAccuracy > 0.7, "old \(replay.oldAccuracy)")
    let naive = try runner.run(try task(), method: method(.naive), seed: 1)
    #expect(naive.newAccuracy > 0.8)
    #expect(naive.oldAccuracy < replay.oldAccuracy - 0.3, "naive old \(naive.oldAccuracy) vs replay \(replay.oldAccuracy)")
    #expect(replay.bufferBytes == 3 * 8 * 16 * 10 / 8)  // 3 classes × 8 samples × 16 neurons × 10 windows of 2 steps
    #expect(replay.chipEnergyJoules > 0 && replay.chipLatencySeconds > 0 && replay.inferenceEnergyJoules > 0)
  }

  @Test("Frozen layers are unchanged after learning; only layers from the latent layer on move")
  func frozenLayersUnchanged() throws {
    let task = try task()
    let (_, model) = try ReplayRunner(inferenceSamples: 0, recordCurves: false).runReturningModel(task, method: method(.replay4NCL), seed: 2)
    #expect(model.layers[0] == task.pretrained.layers[0])
    #expect(model.layers[1].feedforward != task.pretrained.layers[1].feedforward)
  }

  @Test("Same seed, same results; Replay4NCL's buffer is smaller than SpikingLR's")
  func determinism() throws {
    let runner = ReplayRunner(inferenceSamples: 0, recordCurves: false)
    let a = try runner.run(try task(), method: method(.replay4NCL), seed: 3)
    let b = try runner.run(try task(), method: method(.replay4NCL), seed: 3)
    #expect(a.oldAccuracy == b.oldAccuracy && a.newAccuracy == b.newAccuracy && a.chipEnergyJoules == b.chipEnergyJoules)
    let spiking = try runner.run(try task(), method: method(.spikingLR), seed: 3)
    #expect(a.bufferBytes < spiking.bufferBytes)
  }

  @Test("Bad settings end in clear errors: latent layer out of range, a buffer larger than the data, T = 0")
  func errors() throws {
    let runner = ReplayRunner(inferenceSamples: 0, recordCurves: false)
    var bad = method(.replay4NCL)
    bad.latentLayer = 7
    #expect { try runner.run(try task(), method: bad, seed: 1) } throws: { "\($0)".contains("latentLayer: must be 0...2") }
    bad = method(.spikingLR)
    bad.samplesPerClass = 500
    #expect { try runner.run(try task(), method: bad, seed: 1) } throws: { "\($0)".contains("asks 500 samples of class 0") }
    bad = method(.replay4NCL)
    bad.steps = 0
    #expect { try runner.run(try task(), method: bad, seed: 1) } throws: { "\($0)".contains("T must be at least 1") }
  }

  @Test("Progressive protocol: each added class is learned and the buffer grows")
  func progressive() throws {
    let experiment = ProgressiveExperiment(dataset: Self.dataset, pretrained: try Self.pretrained.get(), initialClasses: [0, 1, 2],
                                           addedClasses: [3], runner: ReplayRunner(inferenceSamples: 0))
    let run = try experiment.run(method(.spikingLR), seed: 1)
    #expect(run.steps.count == 1)
    #expect(run.steps[0].newAccuracy > 0.8)
    #expect(run.finalBufferBytes == 4 * 8 * 16 * 10 / 8)
  }
}

@Suite(.serialized) struct GenerativeLatentReplayTests {
  @Test("Generated latent spike trains replace the buffer: the rate profile round-trips, old classes are kept better than naive fine-tuning")
  func generatorReplay() throws {
    // A rate profile of a hand-made train: neuron 1 fires in every step of bin 0, once in bin 1.
    let sample = BinnedSample(steps: 4, channels: 2, label: 0, stepStart: [0, 1, 2, 3, 3], activeChannels: [1, 1, 1], counts: [1, 1, 1])
    #expect(LatentRateGenerator.rates(sample, bins: 2) == [0, 0, 1, 0.5])
    let dataset = syntheticDataset()
    let task = try ReplayTask(dataset: dataset, pretrained: try pretrainedWithoutLastClass(dataset), newClass: 3, oldClasses: [0, 1, 2], window: 0.2)
    var generative = method(.spikingLR)
    generative.compression = .none
    generative.latentGenerator = LatentGeneratorSpec(bins: 4, hidden: 16, latent: 4, iterations: 300, batchSize: 16, learningRate: 5e-3)
    let runner = ReplayRunner(profile: .loihi, inferenceSamples: 1, recordCurves: false)
    let replay = try runner.run(task, method: generative, seed: 1)
    let naive = try runner.run(task, method: method(.naive), seed: 1)
    #expect(replay.newAccuracy > 0.8)
    #expect(replay.oldAccuracy > naive.oldAccuracy + 0.2, "generated \(replay.oldAccuracy) vs naive \(naive.oldAccuracy)")
    #expect(replay.replaySamples == 3 * 8)
    // The memory is the decoder (4→16→(16 neurons × 4 bins)) and the per-class priors, as 32-bit floats.
    #expect(replay.bufferBytes == ((4 * 16 + 16) + (16 * 64 + 64) + 2 * 4 * 4) * 4)
  }
}
