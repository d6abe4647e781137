import SpikeTraining
import SpikelineSupport

extension ContinualTrainer {
  /// The replayed half of a mini-batch on task `t` > 0: inputs and what they are trained toward.
  func replayBatch(_ method: ContinualMethod, stream: TaskStream, task t: Int, current: Matrix, buffer: ExperienceBuffer,
                   previous: ReplayNetwork?, previousGenerator: ReplayNetwork?,
                   generator: inout SeededGenerator, workspace: ReplayWorkspace? = nil) -> (inputs: Matrix, targets: ReplayTargets)? {
    let count = max(1, Int((Double(settings.batchSize) * method.replayFraction).rounded()))
    let previousTasks = Array(0..<t)
    // The units the previous model chose among for an item of task j, and those the current model's
    // softmax covers (in Class-IL all classes so far: replayed items must also push the new classes down).
    let teacherByTask = previousTasks.map { stream.activeUnits(forItemsOf: $0, during: t - 1) }
    let studentByTask = previousTasks.map { stream.activeUnits(forItemsOf: $0, during: t) }
    func teacherUnits(_ j: Int) -> [Int] { teacherByTask[j] }
    func studentUnits(_ j: Int) -> [Int] { studentByTask[j] }
    switch method.replay {
    case .none:
      return nil

    case .buffer:
      guard !buffer.isEmpty else { return nil }
      let picks = buffer.sample(count, generator: &generator)
      // Stored samples keep their true labels and train with the current task's units active (Class-IL).
      let active = picks.map { studentUnits(buffer.tasks[$0]) }
      let labels = picks.map { buffer.labels[$0] }
      return (buffer.inputs(picks, columns: stream.inputSize), ReplayTargets(labels: labels, active: active,
                                                                             contexts: method.conditionalReplay ? labels : nil))

    case .current:
      guard let previous else { return nil }
      let owners = (0..<current.rows).map { _ in previousTasks[generator.uniformInt(below: previousTasks.count)] }
      return (current, ReplayTargets(teacherLogits: previous.logits(current, workspace: workspace), temperature: method.temperature, active: owners.map(studentUnits),
                                     teacherActive: owners.map(teacherUnits)))

    case .generative:
      guard let previous, let previousGenerator else { return nil }
      // Conditional replay picks classes uniformly among the earlier tasks' units; otherwise the sample's
      // task (for its active units) is drawn uniformly and the previous classifier labels it.
      var contexts: [Int]?
      var owners: [Int]
      if method.conditionalReplay {
        let earlier = previousTasks.flatMap { j in stream.tasks[j].units.map { (j, $0) } }
        let chosen = (0..<count).map { _ in earlier[generator.uniformInt(below: earlier.count)] }
        contexts = chosen.map(\.1)
        owners = chosen.map(\.0)
      } else {
        owners = (0..<count).map { _ in previousTasks[generator.uniformInt(below: previousTasks.count)] }
      }
      let inputs = previousGenerator.generate(count: count, contexts: contexts, generator: &generator, workspace: workspace)
      let teacher = previous.logits(inputs, workspace: workspace)
      let choices = owners.map(teacherUnits), active = owners.map(studentUnits)
      let hard = (0..<count).map { i in choices[i].max { teacher[i, $0] < teacher[i, $1] }! }
      let gateContexts = method.conditionalReplay || method.gateProportion > 0 ? (contexts ?? hard) : nil
      let targets = method.distillation
        ? ReplayTargets(teacherLogits: teacher, temperature: method.temperature, active: active, teacherActive: choices, contexts: gateContexts)
        : ReplayTargets(labels: hard, active: active, contexts: gateContexts)
      return (inputs, targets)
    }
  }

  /// Pre-trains `layers` hidden ReLU layers as a classifier on other data (internal replay's lower
  /// layers; van de Ven et al. pre-train on CIFAR-10 for CIFAR-100) and returns those layers, to be frozen.
  public static func pretrainLowerLayers(inputs: Matrix, labels: [Int], classes: Int, hidden: [Int], iterations: Int, batchSize: Int = 128,
                                         learningRate: Float = 1e-3, seed: UInt64) -> DenseStack {
    var model = ReplayNetwork(shape: ReplayNetworkShape(inputs: inputs.columns, hidden: hidden, outputs: classes, latent: 0), seed: seed)
    // As a training run's steps: one gradient buffer and one workspace, the parameters updated in place.
    var gradient = [Float](repeating: 0, count: model.parameterCount)
    var optimizer = Optimizer(kind: .adamDefault, parameterCount: gradient.count)
    let workspace = ReplayWorkspace()
    var order = SeededGenerator(seed: seed, stream: "pre-training batches")
    var noise = SeededGenerator(seed: seed, stream: "pre-training noise")
    let all = Array(0..<classes)
    for _ in 0..<iterations {
      let batch = (0..<min(batchSize, inputs.rows)).map { _ in order.uniformInt(below: inputs.rows) }
      let targets = ReplayTargets(labels: batch.map { labels[$0] }, active: [[Int]](repeating: all, count: batch.count))
      _ = model.accumulateLossGradient(rows(inputs, batch), targets, weights: .classifier(1), generator: &noise, into: &gradient,
                                       workspace: workspace)
      ContinualRun.step(&model, &optimizer, &gradient, learningRate: learningRate)
    }
    return model.encoder
  }
}
