import Foundation
import SpikeTraining
import SpikelineSupport

/// Trains one method through a task stream (van de Ven et al.'s protocol: a fixed number of iterations
/// per task; on task t > 1 the loss is (1/t)·L_current + (1 − 1/t)·L_replay), and fills the accuracy matrix.
public struct ContinualTrainer: Sendable {
  /// Settings shared by every method.
  public var settings: ContinualSettings
  /// Told what is running, a few times per task.
  public var progress: (@Sendable (String) -> Void)?

  /// A trainer with `settings`.
  public init(settings: ContinualSettings, progress: (@Sendable (String) -> Void)? = nil) {
    self.settings = settings
    self.progress = progress
  }

  /// Runs `method` on `stream`. `lowerLayers` are the frozen pre-trained layers of internal replay
  /// (required when the method uses them).
  /// - Throws: `SpikelineError` when internal replay has no lower layers or they do not fit the inputs.
  public func run(_ method: ContinualMethod, on original: TaskStream, lowerLayers: DenseStack? = nil) throws -> ContinualRunResult {
    let started = Date()
    var stream = original
    var hidden = settings.hidden
    if method.usesFrozenLowerLayers {
      guard let lowerLayers else { throw SpikelineError.field("lowerLayers", "\(method.name) replays internal representations and needs pre-trained lower layers") }
      guard lowerLayers.inputs == stream.inputSize else {
        throw SpikelineError.field("lowerLayers", "the pre-trained lower layers take \(lowerLayers.inputs) inputs, the tasks have \(stream.inputSize)")
      }
      stream = Self.features(stream, lowerLayers)
      hidden = Array(hidden.dropFirst(lowerLayers.layers.count))
      if hidden.isEmpty { hidden = [settings.hidden.last ?? 400] }
    }
    var run = ContinualRun(trainer: self, method: method, stream: stream, hidden: hidden)
    // The mini-batch's inputs, copied out of the data set into the same storage every step.
    var batchInputs = Matrix(rows: 0, columns: 0)
    for t in stream.tasks.indices {
      let data = method.joint ? Self.joined(stream, through: t) : (stream.tasks[t].trainInputs, stream.tasks[t].trainLabels, [Int](repeating: t, count: stream.tasks[t].trainLabels.count))
      var indices = Array(0..<data.0.rows), cursor = indices.count
      let activeByTask = stream.tasks.indices.map { stream.activeUnits(forItemsOf: $0, during: t) }
      for iteration in 0..<settings.iterations {
        let batch = run.nextBatch(of: &indices, cursor: &cursor, size: settings.batchSize)
        let labels = batch.map { data.1[$0] }
        let contexts = method.conditionalReplay || method.gateProportion > 0 ? labels : nil
        let targets = ReplayTargets(labels: labels, active: batch.map { activeByTask[data.2[$0]] }, contexts: contexts)
        Self.rows(data.0, batch, into: &batchInputs)
        run.learn(batchInputs, targets, task: t)
        if (iteration + 1) % max(1, settings.iterations / 4) == 0 {
          progress?("\(method.name): task \(t + 1)/\(stream.tasks.count), iteration \(iteration + 1)/\(settings.iterations)")
        }
      }
      run.closeTask(t)
    }
    return ContinualRunResult(method: method.name, matrix: run.matrix, memoryBytes: run.memoryBytes(inputSize: original.inputSize),
                              wallSeconds: Date().timeIntervalSince(started))
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
    var out = Matrix(rows: 0, columns: 0)
    rows(m, indices, into: &out)
    return out
  }

  /// Rows `indices` of `m` into `out`, reusing its storage when the size is right.
  static func rows(_ m: Matrix, _ indices: [Int], into out: inout Matrix) {
    let columns = m.columns
    out.reshape(rows: indices.count, columns: columns)
    out.values.withUnsafeMutableBufferPointer { target in
      m.values.withUnsafeBufferPointer { source in
        guard let to = target.baseAddress, let from = source.baseAddress else { return }
        for (k, i) in indices.enumerated() { (to + k * columns).update(from: from + i * columns, count: columns) }
      }
    }
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
