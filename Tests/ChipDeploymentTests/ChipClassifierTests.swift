import Testing
import ChipModel
import SpikeCore
import SpikeData
import SpikelineSupport
@testable import ChipDeployment
@testable import SpikeTraining

/// Three classes that fire different channel groups at different times.
private func syntheticSamples(_ count: Int, steps: Int = 24, seed: UInt64) -> [BinnedSample] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { index in
    let label = index % 3
    var start: [Int32] = [0], channels: [UInt16] = []
    for t in 0..<steps {
      for c in 0..<12 where generator.bernoulli(c / 4 == label && t / 8 == label ? 0.7 : 0.1) { channels.append(UInt16(c)) }
      start.append(Int32(channels.count))
    }
    return BinnedSample(steps: steps, channels: 12, label: label, stepStart: start, activeChannels: channels,
                        counts: [UInt8](repeating: 1, count: channels.count))
  }
}

private func model(readout: ReadoutMode, seed: UInt64) throws -> SpikingModel {
  try SpikingModel(SpikingArchitecture(inputChannels: 12, hidden: [16], recurrent: true, outputs: 3, membraneDecay: 0.8, synapticDecay: 0.5,
                                       threshold: 0.5, resetMode: .toPotential, readout: readout, surrogate: .fastSigmoid(slope: 10),
                                       weightScale: 2, readoutWeightScale: 2), seed: seed)
}

/// The training forward pass's class scores for one sample.
private func trainingScores(_ model: SpikingModel, _ sample: BinnedSample) -> [Float] {
  let workspace = SpikingWorkspace(model: model, steps: sample.steps)
  var counter = OperationCount()
  return model.forward(sample, workspace: workspace, counter: &counter)
}

@Suite struct ChipClassifierTests {
  @Test("On the chip a sample gets the training forward pass's scores, bit for bit, under every readout rule",
        arguments: ReadoutMode.allCases)
  func scoresMatchTraining(readout: ReadoutMode) throws {
    let model = try model(readout: readout, seed: 3)
    let classifier = try ChipClassifier(model: model, steps: 24, window: 0.024, profile: .loihi)
    var readoutSpikes = 0.0
    for sample in syntheticSamples(6, seed: 9) {
      let expected = trainingScores(model, sample)
      let outcome = try classifier.classify(sample)
      #expect(outcome.scores.map(\.bitPattern) == expected.map(\.bitPattern), "\(readout): \(outcome.scores) vs \(expected)")
      #expect(outcome.predictedClass == ReadoutMode.predictedClass(expected))
      #expect(outcome.energyJoules > 0 && outcome.latencySeconds > 0)
      readoutSpikes += outcome.scores.reduce(0) { $0 + Double($1) }
    }
    if readout == .spikeCount {
      // Spike counts, not potentials: whole numbers, and some spikes at all (else the test proves nothing).
      #expect(readoutSpikes > 0)
    }
  }

  @Test("A spike-count readout is scored by spikes: scores are whole numbers")
  func spikeCountScoresAreCounts() throws {
    let classifier = try ChipClassifier(model: try model(readout: .spikeCount, seed: 4), steps: 24, window: 0.024, profile: .loihi)
    for sample in syntheticSamples(3, seed: 2) {
      let scores = try classifier.classify(sample).scores
      #expect(scores.allSatisfy { $0 == $0.rounded() && $0 >= 0 }, "\(scores)")
    }
  }

  @Test("Evaluation averages the per-sample chip costs and counts agreement with training")
  func evaluation() throws {
    let model = try model(readout: .maxMembrane, seed: 5)
    let classifier = try ChipClassifier(model: model, steps: 24, window: 0.024, profile: .loihi)
    let samples = syntheticSamples(4, seed: 7)
    let each = try samples.map { try classifier.classify($0) }
    let evaluation = try ChipEvaluation(classifier, samples: samples, compareWithTraining: true)
    #expect(evaluation.samples == 4)
    #expect(evaluation.agreementWithTraining == 1)
    #expect(evaluation.energyPerSampleJoules == each.reduce(0) { $0 + $1.energyJoules } / 4)
    #expect(evaluation.accuracy == Double(zip(each, samples).filter { $0.predictedClass == $1.label }.count) / 4)
  }

  @Test("Evenly spaced picks: a stride through the pool, never more than asked")
  func evenlySpaced() {
    #expect(ChipEvaluation.evenlySpaced(Array(0..<10), count: 3) == [0, 3, 6])
    #expect(ChipEvaluation.evenlySpaced(Array(0..<3), count: 8) == [0, 1, 2])
    #expect(ChipEvaluation.evenlySpaced([Int](), count: 3).isEmpty)
    #expect(ChipEvaluation.evenlySpaced(Array(0..<5), count: 0).isEmpty)
  }

  @Test("Bad deployments get clear errors")
  func errors() throws {
    let model = try model(readout: .maxMembrane, seed: 1)
    #expect(throws: SpikelineError.self) { try ChipClassifier(model: model, steps: 0, window: 1, profile: .loihi) }
    #expect(throws: SpikelineError.self) { try ChipClassifier(model: model, steps: 10, window: -1, profile: .loihi) }
    let classifier = try ChipClassifier(model: model, steps: 10, window: 0.01, profile: .loihi)
    let wide = BinnedSample(steps: 10, channels: 40, label: 0, stepStart: [Int32](repeating: 0, count: 11), activeChannels: [], counts: [])
    #expect(throws: SpikelineError.self) { try classifier.classify(wide) }
  }
}

@Suite struct TrainingWorkloadBridgeTests {
  @Test("Every training operation count lands in the chip model's workload")
  func fields() {
    var operations = OperationCount()
    operations.samples = 1; operations.timesteps = 2; operations.forwardSynapticOps = 3; operations.neuronUpdates = 4
    operations.backwardMACs = 5; operations.backwardAccumulates = 6; operations.weightUpdates = 7
    let workload = TrainingWorkload(operations, memoryWords: 8)
    #expect([workload.samples, workload.timesteps, workload.forwardSynapticOps, workload.neuronUpdates, workload.backwardMACs,
             workload.backwardAccumulates, workload.weightUpdates, workload.memoryWords] == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(workload.forwardMACs == 0)
  }
}
