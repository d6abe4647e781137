import SpikeTraining
import SpikelineSupport

/// Experience replay's memory: a class-balanced set of stored training samples.
struct ExperienceBuffer: Sendable {
  private(set) var values: [Float] = []
  private(set) var labels: [Int] = []
  private(set) var tasks: [Int] = []

  init() {}

  var isEmpty: Bool { labels.isEmpty }
  var count: Int { labels.count }

  /// Stores up to `perClass` randomly chosen samples of each of the task's classes.
  mutating func add(task t: Int, _ task: ContinualTask, perClass: Int, generator: inout SeededGenerator) {
    var indices = Array(0..<task.trainLabels.count)
    generator.shuffle(&indices)
    var taken: [Int: Int] = [:]
    let columns = task.trainInputs.columns
    for i in indices where taken[task.trainLabels[i], default: 0] < perClass {
      taken[task.trainLabels[i], default: 0] += 1
      values += task.trainInputs.values[(i * columns)..<((i + 1) * columns)]
      labels.append(task.trainLabels[i])
      tasks.append(t)
    }
  }

  func sample(_ n: Int, generator: inout SeededGenerator) -> [Int] {
    (0..<n).map { _ in generator.uniformInt(below: labels.count) }
  }

  func inputs(_ picks: [Int], columns: Int) -> Matrix {
    ContinualTrainer.rows(Matrix(rows: count, columns: columns, values: values), picks)
  }

  /// Bytes to store the samples at `inputBytes` bytes each (8-bit pixels) plus a label byte.
  func byteCount(inputBytes: Int) -> Int { count * (inputBytes + 1) }
}
