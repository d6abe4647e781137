import SpikeTraining
import SpikelineSupport

/// The state of one method's pass through a task stream: the classifier (and a separate generator
/// for generative replay without feedback), their optimisers, the regulariser, the experience
/// buffer, the frozen copies replay draws from, the two seeded generators and the accuracy matrix.
/// `ContinualTrainer.run` drives it: mini-batches through `learn`, then `closeTask` after each task.
struct ContinualRun {
  let trainer: ContinualTrainer
  let method: ContinualMethod
  let stream: TaskStream
  var model: ReplayNetwork
  var generatorModel: ReplayNetwork?
  /// The optimisers update the models' parameters where the layers keep them.
  var optimizer: Optimizer
  var generatorOptimizer: Optimizer
  var regularizer: ParameterRegularizer
  var buffer = ExperienceBuffer()
  var previous: ReplayNetwork?
  var previousGenerator: ReplayNetwork?
  /// Draws of the networks' sampling (VAE noise, replay choices).
  var noise: SeededGenerator
  /// Draws of the data order (mini-batches, Fisher samples, buffer picks).
  var order: SeededGenerator
  var matrix: AccuracyMatrix
  /// Gradient storage kept between steps (classifier, generator): all zeros between steps (the
  /// optimiser clears each value once it has used it).
  var gradientBuffer: [Float]
  var generatorGradientBuffer: [Float]
  /// The large matrices of each model's steps, reused (classifier, generator).
  let workspace = ReplayWorkspace()
  let generatorWorkspace = ReplayWorkspace()
  /// The frozen models' replay: the generated batch and the teacher's logits.
  let replayWorkspace = ReplayWorkspace()

  init(trainer: ContinualTrainer, method: ContinualMethod, stream: TaskStream, hidden: [Int]) {
    let settings = trainer.settings
    self.trainer = trainer
    self.method = method
    self.stream = stream
    let units = stream.outputUnits
    let reconstruction: ReconstructionLoss = method.usesFrozenLowerLayers ? .gaussian : .bernoulli
    let classifierShape = ReplayNetworkShape(
      inputs: stream.inputSize, hidden: hidden, outputs: units, latent: method.classifierIsGenerator ? settings.latent : 0,
      conditionalPrior: method.conditionalReplay, contexts: units, gateProportion: method.gateProportion, reconstruction: reconstruction)
    model = ReplayNetwork(shape: classifierShape, seed: settings.seed)
    generatorModel = method.isGenerative && !method.replayThroughFeedback
      ? ReplayNetwork(shape: ReplayNetworkShape(inputs: stream.inputSize, hidden: hidden, outputs: 0, latent: settings.latent,
                                                conditionalPrior: method.conditionalReplay, contexts: units,
                                                gateProportion: method.gateProportion, reconstruction: reconstruction),
                      seed: settings.seed &+ 1)
      : nil
    let parameterCount = model.parameterCount, generatorParameterCount = generatorModel?.parameterCount ?? 0
    optimizer = Optimizer(kind: .adamDefault, parameterCount: parameterCount)
    generatorOptimizer = Optimizer(kind: .adamDefault, parameterCount: generatorParameterCount)
    gradientBuffer = [Float](repeating: 0, count: parameterCount)
    generatorGradientBuffer = [Float](repeating: 0, count: generatorParameterCount)
    regularizer = ParameterRegularizer(method: method, range: model.layout.classifier, initial: model.flat)
    noise = SeededGenerator(seed: settings.seed, stream: "continual noise")
    order = SeededGenerator(seed: settings.seed, stream: "continual batches")
    matrix = AccuracyMatrix(tasks: stream.tasks.map(\.name))
    matrix.initial = trainer.evaluate(model, stream, after: 0)
  }

  /// The next mini-batch of row indices, reshuffling `indices` at the end of each pass.
  mutating func nextBatch(of indices: inout [Int], cursor: inout Int, size: Int) -> [Int] {
    var batch: [Int] = []
    while batch.count < min(size, indices.count) {
      if cursor == indices.count { order.shuffle(&indices); cursor = 0 }
      batch.append(indices[cursor]); cursor += 1
    }
    return batch
  }

  /// One iteration on task `t`: the current batch's loss weighted 1/(t+1) and, from the second task
  /// on, the replayed batch's weighted t/(t+1); the regulariser's penalty; one optimiser step for the
  /// classifier and for the generator.
  mutating func learn(_ x: Matrix, _ targets: ReplayTargets, task t: Int) {
    let replaying = t > 0 && method.replay != .none
    let currentWeight: Float = replaying ? 1 / Float(t + 1) : 1
    let learningRate = trainer.settings.learningRate
    // One gradient buffer per model, reused every step: the current and the replayed batch add into it
    // (it starts at zero: the previous step's optimiser cleared it).
    var gradient = gradientBuffer
    gradientBuffer = []
    var generatorGradient = generatorGradientBuffer
    generatorGradientBuffer = []
    // (The loss values are not used: `measuresLoss: false` skips the reconstruction term's logarithms.)
    _ = model.accumulateLossGradient(x, targets, weights: method.classifierIsGenerator ? .all(currentWeight) : .classifier(currentWeight),
                                     generator: &noise, into: &gradient, measuresLoss: false, workspace: workspace)
    if let generatorModel {
      _ = generatorModel.accumulateLossGradient(x, targets, weights: .generator(currentWeight), generator: &noise, into: &generatorGradient,
                                                measuresLoss: false, workspace: generatorWorkspace)
    }
    if replaying, let replay = trainer.replayBatch(method, stream: stream, task: t, current: x, buffer: buffer, previous: previous,
                                                   previousGenerator: previousGenerator, generator: &noise,
                                                   workspace: replayWorkspace) {
      let weight = 1 - currentWeight
      _ = model.accumulateLossGradient(replay.inputs, replay.targets, weights: method.classifierIsGenerator ? .all(weight) : .classifier(weight),
                                       generator: &noise, into: &gradient, measuresLoss: false, workspace: workspace)
      if let generatorModel {
        _ = generatorModel.accumulateLossGradient(replay.inputs, replay.targets, weights: .generator(weight), generator: &noise,
                                                  into: &generatorGradient, measuresLoss: false, workspace: generatorWorkspace)
      }
    }
    defer { gradientBuffer = gradient; generatorGradientBuffer = generatorGradient }
    // A regulariser reads the parameters as one vector, and SI also the data-loss gradient and the step
    // taken; without one, nothing is copied.
    let tracksPath = method.regularizer == .si
    let dataGradient = tracksPath ? gradient : []
    let before = method.regularizer == .none ? [] : model.flat
    if method.regularizer != .none { regularizer.addPenaltyGradient(parameters: before, to: &gradient) }
    Self.step(&model, &optimizer, &gradient, learningRate: learningRate)
    if tracksPath { regularizer.recordStep(dataGradient: dataGradient, before: before, after: model.flat) }
    if generatorModel != nil {
      Self.step(&generatorModel!, &generatorOptimizer, &generatorGradient, learningRate: learningRate)
    }
  }

  /// One optimiser step on `model`'s parameters where its layers keep them; leaves `gradient` zero.
  static func step(_ model: inout ReplayNetwork, _ optimizer: inout Optimizer, _ gradient: inout [Float], learningRate: Float) {
    _ = gradient.withUnsafeMutableBufferPointer { g in
      model.withMutableParameterBuffers { optimizer.apply(g, to: $0, learningRate: learningRate, clearingGradient: true) }
    }
  }

  /// Closes task `t`: importance estimates, buffer, frozen copies for replay, accuracy on every task.
  mutating func closeTask(_ t: Int) {
    var fisher: [Float]?
    if method.regularizer == .ewc || method.regularizer == .onlineEWC {
      let task = stream.tasks[t]
      var picks = Array(0..<task.trainInputs.rows)
      order.shuffle(&picks)
      let sample = ContinualTrainer.rows(task.trainInputs, Array(picks.prefix(method.fisherSamples)))
      fisher = ParameterRegularizer.fisher(model, inputs: sample, active: stream.activeUnits(task: t), range: regularizer.range)
    }
    regularizer.finishTask(parameters: model.flat, fisher: fisher)
    if method.replay == .buffer { buffer.add(task: t, stream.tasks[t], perClass: method.bufferPerClass, generator: &order) }
    previous = model
    previousGenerator = generatorModel ?? (method.classifierIsGenerator ? model : nil)
    matrix.rows.append(trainer.evaluate(model, stream, after: t))
  }

  /// Bytes kept against forgetting: the buffer's samples (`inputSize` bytes each), the generator's
  /// parameters, or the regulariser's state.
  func memoryBytes(inputSize: Int) -> Int {
    switch method.replay {
    case .buffer: return buffer.byteCount(inputBytes: inputSize)
    case .generative:
      return generatorModel?.parameterBytes ?? (model.parameterCount - model.layout.classifier.count) * MemoryLayout<Float>.size
    case .none, .current: return regularizer.stateBytes
    }
  }
}
