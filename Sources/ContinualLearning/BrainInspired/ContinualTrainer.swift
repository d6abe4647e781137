import Foundation
import SpikeTraining
import SpikelineSupport

/// Trains one method through a task stream (van de Ven et al.'s protocol: a fixed number of iterations
/// per task; on task t > 1 the loss is (1/t)·L_current + (1 − 1/t)·L_replay), and fills the accuracy matrix.
public struct ContinualTrainer: Sendable {
  public var settings: ContinualSettings
  public var progress: (@Sendable (String) -> Void)?

  public init(settings: ContinualSettings, progress: (@Sendable (String) -> Void)? = nil) {
    self.settings = settings
    self.progress = progress
  }

  /// Runs `method` on `stream`. `lowerLayers` are the frozen pre-trained layers of internal replay
  /// (required when the method uses them).
  public func run(_ method: ContinualMethod, on original: TaskStream, lowerLayers: DenseStack? = nil) throws -> ContinualRunResult {
    let started = Date()
    var stream = original
    var hidden = settings.hidden
    if method.usesFrozenLowerLayers {
      guard let lowerLayers else { throw SpikelineError.usage("\(method.name) replays internal representations and needs pre-trained lower layers") }
      guard lowerLayers.inputs == stream.inputSize else {
        throw SpikelineError.usage("the pre-trained lower layers take \(lowerLayers.inputs) inputs, the tasks have \(stream.inputSize)")
      }
      stream = Self.features(stream, lowerLayers)
      hidden = Array(hidden.dropFirst(lowerLayers.layers.count))
      if hidden.isEmpty { hidden = [settings.hidden.last ?? 400] }
    }
    let units = stream.outputUnits
    let reconstruction: ReconstructionLoss = method.usesFrozenLowerLayers ? .gaussian : .bernoulli
    let classifierShape = ReplayNetworkShape(
      inputs: stream.inputSize, hidden: hidden, outputs: units, latent: method.classifierIsGenerator ? settings.latent : 0,
      conditionalPrior: method.conditionalReplay, contexts: units, gateProportion: method.gateProportion, reconstruction: reconstruction)
    var model = ReplayNetwork(shape: classifierShape, seed: settings.seed)
    var generatorModel: ReplayNetwork? = method.isGenerative && !method.replayThroughFeedback
      ? ReplayNetwork(shape: ReplayNetworkShape(inputs: stream.inputSize, hidden: hidden, outputs: 0, latent: settings.latent,
                                                conditionalPrior: method.conditionalReplay, contexts: units,
                                                gateProportion: method.gateProportion, reconstruction: reconstruction),
                      seed: settings.seed &+ 1)
      : nil
    var parameters = model.flat
    var optimizer = Optimizer(kind: .adamDefault, parameterCount: parameters.count)
    var generatorParameters = generatorModel?.flat ?? []
    var generatorOptimizer = Optimizer(kind: .adamDefault, parameterCount: generatorParameters.count)
    var regularizer = ParameterRegularizer(method: method, range: model.layout.classifier, initial: parameters)
    var buffer = ExperienceBuffer()
    var previous: ReplayNetwork?, previousGenerator: ReplayNetwork?
    var noise = SeededGenerator(seed: settings.seed, stream: "continual noise")
    var order = SeededGenerator(seed: settings.seed, stream: "continual batches")
    var matrix = AccuracyMatrix(tasks: stream.tasks.map(\.name))
    matrix.initial = evaluate(model, stream, after: 0)

    for t in stream.tasks.indices {
      let data = method.joint ? Self.joined(stream, through: t) : (stream.tasks[t].trainInputs, stream.tasks[t].trainLabels, [Int](repeating: t, count: stream.tasks[t].trainLabels.count))
      let replaying = t > 0 && method.replay != .none
      let currentWeight: Float = replaying ? 1 / Float(t + 1) : 1
      var indices = Array(0..<data.0.rows), cursor = indices.count
      let activeByTask = stream.tasks.indices.map { stream.activeUnits(forItemsOf: $0, during: t) }
      for iteration in 0..<settings.iterations {
        // The current mini-batch (a reshuffle at the end of each pass).
        var batch: [Int] = []
        while batch.count < min(settings.batchSize, indices.count) {
          if cursor == indices.count { order.shuffle(&indices); cursor = 0 }
          batch.append(indices[cursor]); cursor += 1
        }
        let x = Self.rows(data.0, batch), labels = batch.map { data.1[$0] }
        let active = batch.map { activeByTask[data.2[$0]] }
        let contexts = method.conditionalReplay || method.gateProportion > 0 ? labels : nil
        let targets = ReplayTargets(labels: labels, active: active, contexts: contexts)
        var gradient = model.lossAndGradient(x, targets, weights: method.classifierIsGenerator ? .all(currentWeight) : .classifier(currentWeight),
                                             generator: &noise).gradient
        var generatorGradient = generatorModel.map { $0.lossAndGradient(x, targets, weights: .generator(currentWeight), generator: &noise).gradient }

        if replaying, let replay = replayBatch(method, stream: stream, task: t, current: x, buffer: buffer, previous: previous,
                                               previousGenerator: previousGenerator, generator: &noise) {
          let weight = 1 - currentWeight
          let g = model.lossAndGradient(replay.inputs, replay.targets, weights: method.classifierIsGenerator ? .all(weight) : .classifier(weight),
                                        generator: &noise).gradient
          for i in gradient.indices { gradient[i] += g[i] }
          if let generatorModel, var gg = generatorGradient {
            let r = generatorModel.lossAndGradient(replay.inputs, replay.targets, weights: .generator(weight), generator: &noise).gradient
            for i in gg.indices { gg[i] += r[i] }
            generatorGradient = gg
          }
        }
        // SI needs the data-loss gradient and the step taken; the copies are skipped otherwise.
        let tracksPath = method.regularizer == .si
        let dataGradient = tracksPath ? gradient : []
        regularizer.addPenaltyGradient(parameters: parameters, to: &gradient)
        let before = tracksPath ? parameters : []
        optimizer.apply(gradient, to: &parameters, range: 0..<parameters.count, learningRate: settings.learningRate)
        if tracksPath { regularizer.recordStep(dataGradient: dataGradient, before: before, after: parameters) }
        model.setFlat(parameters)
        if var generatorModelCopy = generatorModel, let generatorGradient {
          generatorOptimizer.apply(generatorGradient, to: &generatorParameters, range: 0..<generatorParameters.count, learningRate: settings.learningRate)
          generatorModelCopy.setFlat(generatorParameters)
          generatorModel = generatorModelCopy
        }
        if (iteration + 1) % max(1, settings.iterations / 4) == 0 {
          progress?("\(method.name): task \(t + 1)/\(stream.tasks.count), iteration \(iteration + 1)/\(settings.iterations)")
        }
      }
      // Close the task: importance estimates, buffer, frozen copies, accuracy on every task.
      var fisher: [Float]?
      if method.regularizer == .ewc || method.regularizer == .onlineEWC {
        let task = stream.tasks[t]
        var picks = Array(0..<task.trainInputs.rows)
        order.shuffle(&picks)
        let sample = Self.rows(task.trainInputs, Array(picks.prefix(method.fisherSamples)))
        fisher = ParameterRegularizer.fisher(model, inputs: sample, active: stream.activeUnits(task: t), range: regularizer.range)
      }
      regularizer.finishTask(parameters: parameters, fisher: fisher)
      if method.replay == .buffer { buffer.add(task: t, stream.tasks[t], perClass: method.bufferPerClass, generator: &order) }
      previous = model
      previousGenerator = generatorModel ?? (method.classifierIsGenerator ? model : nil)
      matrix.rows.append(evaluate(model, stream, after: t))
    }
    let memory: Int
    switch method.replay {
    case .buffer: memory = buffer.byteCount(inputBytes: original.inputSize)
    case .generative:
      memory = generatorModel?.parameterBytes ?? (model.parameterCount - model.layout.classifier.count) * MemoryLayout<Float>.size
    case .none, .current: memory = regularizer.stateBytes
    }
    return ContinualRunResult(method: method.name, matrix: matrix, memoryBytes: memory, wallSeconds: Date().timeIntervalSince(started))
  }

  /// Accuracy on every task's test set with the units active after learning task `t`.
  func evaluate(_ model: ReplayNetwork, _ stream: TaskStream, after t: Int) -> [Double] {
    stream.tasks.indices.map { j in
      let task = stream.tasks[j]
      let n = min(settings.testLimit ?? task.testLabels.count, task.testLabels.count)
      let active = stream.activeUnits(forItemsOf: j, during: t)
      return model.accuracy(task.testInputs.rows(0..<n), labels: Array(task.testLabels.prefix(n)), active: active)
    }
  }

  static func rows(_ m: Matrix, _ indices: [Int]) -> Matrix {
    var out = Matrix(rows: indices.count, columns: m.columns)
    for (k, i) in indices.enumerated() {
      out.values.replaceSubrange((k * m.columns)..<((k + 1) * m.columns), with: m.values[(i * m.columns)..<((i + 1) * m.columns)])
    }
    return out
  }

  static func joined(_ stream: TaskStream, through t: Int) -> (Matrix, [Int], [Int]) {
    var values: [Float] = [], labels: [Int] = [], owners: [Int] = []
    for j in 0...t {
      values += stream.tasks[j].trainInputs.values
      labels += stream.tasks[j].trainLabels
      owners += [Int](repeating: j, count: stream.tasks[j].trainLabels.count)
    }
    return (Matrix(rows: labels.count, columns: stream.inputSize, values: values), labels, owners)
  }

  /// The stream with every input replaced by the frozen lower layers' activations.
  static func features(_ stream: TaskStream, _ lower: DenseStack) -> TaskStream {
    var out = stream
    for t in out.tasks.indices {
      out.tasks[t].trainInputs = lower.forward(stream.tasks[t].trainInputs).output
      out.tasks[t].testInputs = lower.forward(stream.tasks[t].testInputs).output
    }
    return out
  }
}
