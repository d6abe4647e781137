import Foundation
import Testing
import SpikeData
import SpikeTraining
import SpikelineSupport
@testable import ContinualLearning

/// A tiny image-like dataset: class c lights its own block of 4 of 4·classes pixels (plus noise).
func blockImages(classes: Int = 6, perClass: Int = 40, seed: UInt64 = 1) -> ImageDataset {
  var generator = SeededGenerator(seed: seed)
  func split(_ n: Int) -> ImageSet {
    var pixels: [UInt8] = [], labels: [Int] = []
    for i in 0..<(n * classes) {
      let c = i % classes
      for p in 0..<(4 * classes) {
        let on = p / 4 == c
        pixels.append(UInt8(min(255, max(0, (on ? 200 : 20) + generator.uniformInt(below: 50)))))
      }
      labels.append(c)
    }
    return ImageSet(pixels: pixels, labels: labels, height: 1, width: 4 * classes)
  }
  return ImageDataset(name: "blocks", train: split(perClass), test: split(perClass / 4), classCount: classes)
}

func smallSettings(iterations: Int = 150) -> ContinualSettings {
  var s = ContinualSettings()
  s.iterations = iterations
  s.batchSize = 16
  s.hidden = [32, 32]
  s.latent = 4
  s.learningRate = 3e-3
  return s
}

@Suite struct ScenarioTests {
  @Test func activeUnitsPerScenario() throws {
    let data = blockImages()
    let classIL = try TaskStream.split(data, scenario: .class, classesPerTask: 2)
    #expect(classIL.activeUnits(task: 0) == [0, 1])
    #expect(classIL.activeUnits(task: 2) == [0, 1, 2, 3, 4, 5])
    let taskIL = try TaskStream.split(data, scenario: .task, classesPerTask: 2)
    #expect(taskIL.activeUnits(task: 2) == [4, 5])
    let domainIL = try TaskStream.split(data, scenario: .domain, classesPerTask: 2)
    #expect(domainIL.activeUnits(task: 2) == [0, 1])
    #expect(domainIL.tasks[2].trainLabels.allSatisfy { $0 < 2 })
    #expect(domainIL.outputUnits == 2 && classIL.outputUnits == 6)
    #expect(throws: SpikelineError.self) { try TaskStream.split(data, scenario: .class, classesPerTask: 4) }
  }

  @Test func classILMaskingLimitsTheSoftmaxAndTheDecision() {
    // Inactive units get no gradient, and the loss equals the cross-entropy over the active units only.
    let logits: [Float] = [2, 0.5, 9, -1]
    let masked = Losses.crossEntropy(logits, label: 1, active: [0, 1])
    let p1 = exp(Float(0.5)) / (exp(Float(2)) + exp(Float(0.5)))
    #expect(abs(masked.loss + log(p1)) < 1e-5)
    #expect(masked.gradient[2] == 0 && masked.gradient[3] == 0)
    // A network whose strongest unit is inactive must not choose it.
    var network = ReplayNetwork(shape: ReplayNetworkShape(inputs: 2, hidden: [], outputs: 3, latent: 0), seed: 1)
    network.head!.weights = Matrix(rows: 2, columns: 3, values: [1, 0, 5, 0, 1, 5])
    let x = Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1])
    #expect(network.accuracy(x, labels: [0, 1], active: [0, 1]) == 1)
    #expect(network.accuracy(x, labels: [0, 1], active: [0, 1, 2]) == 0)
  }

  @Test func permutedTasksKeepLabelsAndPermutePixels() throws {
    let data = blockImages(classes: 4)
    let stream = try TaskStream.permuted(data, tasks: 3, paddedSide: 16, seed: 2)
    #expect(stream.scenario == .domain && stream.inputSize == 256)
    #expect(stream.tasks[1].trainLabels == stream.tasks[0].trainLabels)
    // Same pixel multiset per image, different order.
    let a = stream.tasks[0].trainInputs.row(0).sorted(), b = stream.tasks[1].trainInputs.row(0).sorted()
    #expect(a == b)
    #expect(Array(stream.tasks[0].trainInputs.row(0)) != Array(stream.tasks[1].trainInputs.row(0)))
  }
}

@Suite struct MetricTests {
  @Test func accuracyMatrixMetricsByHand() {
    let m = AccuracyMatrix(tasks: ["1", "2", "3"], rows: [[0.9, 0.1, 0.0], [0.6, 0.8, 0.2], [0.7, 0.5, 0.9]], initial: [0.1, 0.1, 0.1])
    #expect(abs(m.averageAccuracy - (0.7 + 0.5 + 0.9) / 3) < 1e-12)
    #expect(abs(m.averageAccuracy(after: 1) - 0.7) < 1e-12)
    #expect(abs(m.backwardTransfer - ((0.7 - 0.9) + (0.5 - 0.8)) / 2) < 1e-12)
    #expect(abs(m.forgetting - ((0.9 - 0.7) + (0.8 - 0.5)) / 2) < 1e-12)
    #expect(abs(m.forwardTransfer - ((0.1 - 0.1) + (0.2 - 0.1)) / 2) < 1e-12)
  }

  @Test func distillationAtTemperatureByHand() {
    let student: [Float] = [1, 2, 0], teacher: [Float] = [3, 1, 0]
    let t: Float = 2
    let q = teacher.map { exp($0 / t) }, qs = q.reduce(0, +)
    let p = student.map { exp($0 / t) }, ps = p.reduce(0, +)
    var expected: Float = 0
    for c in 0..<3 { expected -= q[c] / qs * log(p[c] / ps) }
    let result = Losses.distillation(student, teacher: teacher, temperature: t)
    #expect(abs(result.loss - expected * t * t) < 1e-5)
    for c in 0..<3 { #expect(abs(result.gradient[c] - t * (p[c] / ps - q[c] / qs)) < 1e-6) }
    // Class-IL: a new class the teacher never saw is zero-padded in the targets.
    let padded = Losses.distillation(student + [1.5], teacher: teacher, temperature: t)
    let p4 = (student + [1.5]).map { exp($0 / t) }, p4s = p4.reduce(0, +)
    var expectedPadded: Float = 0
    for c in 0..<3 { expectedPadded -= q[c] / qs * log(p4[c] / p4s) }
    #expect(abs(padded.loss - expectedPadded * t * t) < 1e-5)
    #expect(abs(padded.gradient[3] - t * p4[3] / p4s) < 1e-6)
  }
}

@Suite struct ReplayNetworkTests {
  @Test func ewcFisherOnATinyModelByHand() {
    // No hidden layer: logits = x·W + b. For predicted ŷ, d(−log p_ŷ)/dW_ic = x_i (p_c − [c = ŷ]).
    var network = ReplayNetwork(shape: ReplayNetworkShape(inputs: 2, hidden: [], outputs: 2, latent: 0), seed: 1)
    network.head!.weights = Matrix(rows: 2, columns: 2, values: [1, -1, 0.5, 2])
    network.head!.bias = [0.1, -0.2]
    let x = Matrix(rows: 2, columns: 2, values: [1, 0, 0.5, 1])
    var expected = [Float](repeating: 0, count: 6)
    for i in 0..<2 {
      let x0 = x[i, 0], x1 = x[i, 1]
      let z = [x0 * 1 + x1 * 0.5 + 0.1, x0 * -1 + x1 * 2 - 0.2]
      let e = z.map { exp($0) }, p = e.map { $0 / (e[0] + e[1]) }
      let predicted = z[0] >= z[1] ? 0 : 1
      let d = (0..<2).map { p[$0] - ($0 == predicted ? 1 : 0) }
      let g: [Float] = [x0 * d[0], x0 * d[1], x1 * d[0], x1 * d[1], d[0], d[1]]
      for k in 0..<6 { expected[k] += g[k] * g[k] / 2 }
    }
    let fisher = ParameterRegularizer.fisher(network, inputs: x, active: [0, 1], range: network.layout.classifier)
    #expect(fisher.count == 6)
    for k in 0..<6 { #expect(abs(fisher[k] - expected[k]) < 1e-6) }
  }

  @Test func vaeLossTermsByHand() {
    // 2 inputs → [μ | log σ²] (1 latent unit) → 2 output logits, no hidden layers.
    var network = ReplayNetwork(shape: ReplayNetworkShape(inputs: 2, hidden: [], outputs: 0, latent: 1), seed: 1)
    network.toLatent!.weights = Matrix(rows: 2, columns: 2, values: [0.5, 0.2, -0.3, 0.1])
    network.toLatent!.bias = [0.1, -0.4]
    network.decoder!.layers[0].weights = Matrix(rows: 1, columns: 2, values: [1.5, -0.7])
    network.decoder!.layers[0].bias = [0.2, 0.3]
    let x: [Float] = [0.8, 0.1]
    var generator = SeededGenerator(seed: 7)
    var copy = generator
    let epsilon = Float(copy.normal())
    let result = network.lossAndGradient(Matrix(rows: 1, columns: 2, values: x), ReplayTargets(active: [[]]), weights: .generator(1), generator: &generator)
    let mu: Float = 0.8 * 0.5 + 0.1 * -0.3 + 0.1, logVariance: Float = 0.8 * 0.2 + 0.1 * 0.1 - 0.4
    let z = mu + exp(0.5 * logVariance) * epsilon
    let out = [z * 1.5 + 0.2, z * -0.7 + 0.3]
    var bce: Float = 0
    for k in 0..<2 { let p = 1 / (1 + exp(-out[k])); bce -= x[k] * log(p) + (1 - x[k]) * log(1 - p) }
    let kl = 0.5 * (mu * mu + exp(logVariance) - 1 - logVariance)
    #expect(abs(result.loss.reconstruction - Double(bce / 2)) < 1e-5)
    #expect(abs(result.loss.divergence - Double(kl / 2)) < 1e-6)
    #expect(result.loss.classification == 0)
  }

  @Test func gradientsMatchFiniteDifferences() {
    // Replay through feedback with a conditional prior and gates: every term at once.
    let shape = ReplayNetworkShape(inputs: 5, hidden: [6], outputs: 3, latent: 2, conditionalPrior: true, contexts: 3, gateProportion: 0.3)
    var network = ReplayNetwork(shape: shape, seed: 3)
    var g0 = SeededGenerator(seed: 11)
    let x = Matrix(rows: 3, columns: 5, values: (0..<15).map { _ in Float(g0.uniform(0.05, 0.95)) })
    let hard = ReplayTargets(labels: [0, 2, 1], active: [[0, 1, 2], [0, 1, 2], [1, 2]], contexts: [0, 2, 1])
    let soft = ReplayTargets(teacherLogits: Matrix(rows: 3, columns: 3, values: [1, 0, -1, 0.5, 2, 0, 0, 0, 1]), temperature: 2,
                             active: [[0, 1], [0, 1], [0, 1]], contexts: [1, 1, 0])
    for targets in [hard, soft] {
      var generator = SeededGenerator(seed: 5)
      let analytic = network.lossAndGradient(x, targets, weights: .all(1), generator: &generator).gradient
      let base = network.flat
      func loss(_ values: [Float]) -> Double {
        var copy = network
        copy.setFlat(values)
        var generator = SeededGenerator(seed: 5)
        let l = copy.lossAndGradient(x, targets, weights: .all(1), generator: &generator).loss
        return l.classification + l.reconstruction + l.divergence
      }
      var checked = 0
      for k in stride(from: 0, to: base.count, by: 3) {
        var plus = base, minus = base
        plus[k] += 1e-2; minus[k] -= 1e-2
        let numeric = (loss(plus) - loss(minus)) / 2e-2
        #expect(abs(numeric - Double(analytic[k])) < 2e-3 + 0.03 * abs(numeric), "parameter \(k): numeric \(numeric), analytic \(analytic[k])")
        checked += 1
      }
      #expect(checked > 30)
      network.setFlat(base)
    }
  }
}

@Suite struct ContinualTrainingTests {
  @Test func conditionalSamplesAreOfTheRequestedClass() throws {
    // Train an RtF model with a conditional prior and gates on four classes, then ask its decoder for each.
    let images = blockImages(classes: 4, perClass: 60).train
    var settings = smallSettings(iterations: 600)
    settings.latent = 3
    let shape = ReplayNetworkShape(inputs: images.pixelsPerImage, hidden: settings.hidden, outputs: 4, latent: settings.latent,
                                   conditionalPrior: true, contexts: 4, gateProportion: 0.3)
    var network = ReplayNetwork(shape: shape, seed: 1)
    var parameters = network.flat
    var optimizer = Optimizer(kind: .adamDefault, parameterCount: parameters.count)
    var generator = SeededGenerator(seed: 2)
    let task = (trainInputs: TaskStream.matrix(images), trainLabels: images.labels)
    for _ in 0..<settings.iterations {
      let batch = (0..<16).map { _ in generator.uniformInt(below: task.trainLabels.count) }
      let labels = batch.map { task.trainLabels[$0] }
      let g = network.lossAndGradient(ContinualTrainer.rows(task.trainInputs, batch),
                                      ReplayTargets(labels: labels, active: [[Int]](repeating: [0, 1, 2, 3], count: 16), contexts: labels),
                                      weights: .all(1), generator: &generator).gradient
      optimizer.apply(g, to: &parameters, range: 0..<parameters.count, learningRate: 3e-3)
      network.setFlat(parameters)
    }
    let requested = (0..<80).map { $0 % 4 }
    let samples = network.generate(count: 80, contexts: requested, generator: &generator)
    let accuracy = network.accuracy(samples, labels: requested, active: [0, 1, 2, 3])
    #expect(accuracy > 0.9, "classifier agreed with the requested class on \(accuracy * 100)% of generated samples")
  }

  @Test func replayBeatsFineTuningInClassIL() throws {
    let stream = try TaskStream.split(blockImages(), scenario: .class, classesPerTask: 2)
    let trainer = ContinualTrainer(settings: smallSettings())
    let none = try trainer.run(.none, on: stream)
    let er = try trainer.run(.experienceReplay, on: stream)
    var gr = ContinualMethod.generativeReplay
    gr.conditionalReplay = true
    let generative = try trainer.run(gr, on: stream)
    let joint = try trainer.run(.jointTraining, on: stream)
    // Fine-tuning forgets: only the last task survives (about a third of the tasks).
    #expect(none.matrix.averageAccuracy < 0.45)
    #expect(none.matrix.forgetting > 0.8)
    #expect(er.matrix.averageAccuracy > 0.8)
    #expect(generative.matrix.averageAccuracy > none.matrix.averageAccuracy + 0.2)
    #expect(joint.matrix.averageAccuracy > 0.9)
    // 100 per class requested, 40 available per class: 240 stored samples of 24 one-byte pixels and a label byte.
    #expect(er.memoryBytes == 6 * 40 * (24 + 1))
  }

  @Test func regularizersAndDeterminism() throws {
    let stream = try TaskStream.split(blockImages(), scenario: .task, classesPerTask: 2)
    let trainer = ContinualTrainer(settings: smallSettings(iterations: 60))
    let first = try trainer.run(.si, on: stream), second = try trainer.run(.si, on: stream)
    #expect(first.matrix == second.matrix)
    var ewc = ContinualMethod.onlineEWC
    ewc.fisherSamples = 20
    let result = try trainer.run(ewc, on: stream)
    #expect(result.matrix.rows.count == 3)
    #expect(result.memoryBytes > 0)
    // Task-IL on separable blocks: every task stays solvable.
    #expect(result.matrix.averageAccuracy > 0.9)
    var internalReplay = ContinualMethod.brainInspired
    internalReplay.fisherSamples = 0
    #expect(throws: SpikelineError.self) { try trainer.run(internalReplay, on: stream) }
  }
}

@Suite struct IDXTests {
  @Test func roundTripAndErrors() throws {
    let array = IDXArray(shape: [2, 2, 3], values: Array(0..<12))
    #expect(try IDXFile.decode(IDXFile.encode(array)) == array)
    #expect(throws: SpikelineError.self) { try IDXFile.decode([0x1F, 0x8B, 8, 0]) }
    var truncated = IDXFile.encode(array)
    truncated.removeLast()
    do {
      _ = try IDXFile.decode(truncated, file: "x.idx")
      Issue.record("truncated file accepted")
    } catch let error as SpikelineError {
      #expect(error.description.contains("x.idx") && error.description.contains("needs 12 bytes"))
    }
    var badType = IDXFile.encode(array)
    badType[2] = 0x0D
    #expect(throws: SpikelineError.self) { try IDXFile.decode(badType) }
  }

  @Test("A grid saves each run as it finishes and a resumed grid reuses exactly the runs with the same settings")
  func resumableGrid() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-runs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let images = blockImages()
    func experiment(iterations: Int) -> BrainInspiredExperiment {
      BrainInspiredExperiment(methods: [.none, .experienceReplay], seeds: [1, 2], settings: smallSettings(iterations: iterations),
                              stream: { _ in try TaskStream.split(images, scenario: .class, classesPerTask: 2) })
    }
    let first = try experiment(iterations: 20).run(store: RunStore(directory: directory, reuses: false))
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
    #expect(files.count == 4)
    // Resumed: every run read back (same matrices and the stored wall times), nothing trained again.
    let resumed = try experiment(iterations: 20).run(store: RunStore(directory: directory, reuses: true))
    #expect(resumed.runs.map(\.matrix) == first.runs.map(\.matrix))
    #expect(resumed.runs.map(\.wallSeconds) == first.runs.map(\.wallSeconds))
    // Interrupted after one run: the other three are run again and match a full run.
    for file in files where !file.contains("none") || !file.hasSuffix("seed1.json") { try FileManager.default.removeItem(atPath: directory + "/" + file) }
    let partial = try experiment(iterations: 20).run(store: RunStore(directory: directory, reuses: true))
    #expect(partial.runs.map(\.matrix) == first.runs.map(\.matrix))
    #expect(partial.runs[0].wallSeconds == first.runs[0].wallSeconds)
    // Different settings: nothing reused.
    let other = try experiment(iterations: 21).run(store: RunStore(directory: directory, reuses: true))
    #expect(other.runs[0].wallSeconds != first.runs[0].wallSeconds)
    // A damaged file is a clear error naming it.
    try "{".write(toFile: directory + "/" + files.sorted()[0], atomically: true, encoding: .utf8)
    #expect(throws: SpikelineError.self) { try experiment(iterations: 21).run(store: RunStore(directory: directory, reuses: true)) }
  }

  @Test("Runs trained at once (jobs 2 and 3) give the grid of one at a time, in grid order, each saved once")
  func concurrentJobs() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-jobs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let images = blockImages()
    let experiment = BrainInspiredExperiment(
      methods: [.none, .experienceReplay, .generativeReplay], seeds: [1, 2], settings: smallSettings(iterations: 8),
      stream: { _ in try TaskStream.split(images, scenario: .class, classesPerTask: 2) })
    let serial = try experiment.run()
    for jobs in [2, 3] {
      var finished: [String] = []
      let concurrent = try experiment.run(store: RunStore(directory: directory + "/\(jobs)", reuses: false), jobs: jobs, afterRun: { result, seed in
        finished.append("\(result.method) \(seed)")
      })
      #expect(concurrent.runs.map(\.method) == serial.runs.map(\.method))
      #expect(concurrent.runs.map(\.seed) == serial.runs.map(\.seed))
      #expect(concurrent.runs.map(\.matrix) == serial.runs.map(\.matrix), "jobs \(jobs)")
      #expect(finished.count == 6)
      let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/\(jobs)").filter { $0.hasSuffix(".json") }
      #expect(files.count == 6)
    }
  }

  @Test("A failing job stops the others from starting and its error comes back")
  func concurrentJobFailure() {
    struct Failure: Error {}
    var finished: [Int] = []
    #expect(throws: Failure.self) {
      try ConcurrentJobs.run(Array(0..<20), jobs: 2, { item -> (Int, Int) in
        if item == 3 { throw Failure() }
        return (item, item)
      }) { item, _, _ in finished.append(item) }
    }
    #expect(finished.count < 20)
    #expect(!finished.contains(3))
  }

  @Test("Generative replay gives the same accuracy matrix on 1 and 2 threads (parallel products, losses and optimiser)")
  func threadIndependentTraining() throws {
    let stream = try TaskStream.split(blockImages(), scenario: .class, classesPerTask: 2)
    var settings = smallSettings(iterations: 3)
    // Wide enough that the products (80 × 128 × 128) run on several threads.
    settings.hidden = [128, 128]
    settings.batchSize = 80
    settings.latent = 8
    let one = try ContinualTrainer(settings: settings).runOnThreads(1, .generativeReplay, on: stream)
    let two = try ContinualTrainer(settings: settings).runOnThreads(2, .generativeReplay, on: stream)
    #expect(one.matrix == two.matrix)
  }
}

extension ContinualTrainer {
  /// `run` with the process's thread count set to `threads` (results must not depend on it).
  func runOnThreads(_ threads: Int, _ method: ContinualMethod, on stream: TaskStream) throws -> ContinualRunResult {
    DeterministicParallel.setThreadCount(threads)
    defer { DeterministicParallel.setThreadCount(nil) }
    return try run(method, on: stream)
  }
}
