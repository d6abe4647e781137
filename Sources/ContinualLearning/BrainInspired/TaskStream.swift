import SpikeData
import SpikeTraining
import SpikelineSupport

/// The three continual-learning scenarios of van de Ven & Tolias (2019): what the network must tell apart,
/// expressed as the output units that are active (the softmax is normalised over those only).
public enum IncrementalScenario: String, Sendable, CaseIterable, Codable {
  /// Task-IL: the task is known; only the current task's output units are active (a masked multi-head).
  case task
  /// Domain-IL: every task uses the same output units (labels are the index within the task).
  case domain
  /// Class-IL: all classes seen so far are active.
  case `class`

  /// "Task-IL", "Domain-IL" or "Class-IL".
  public var title: String {
    switch self {
    case .task: return "Task-IL"
    case .domain: return "Domain-IL"
    case .class: return "Class-IL"
    }
  }
}

/// One task of a stream: inputs scaled to [0, 1] (one row per sample) and labels as output-unit indices
/// of the stream's scenario.
public struct ContinualTask: Sendable {
  /// The task's name, such as "0/1".
  public var name: String
  /// Training inputs in [0, 1], one row per sample.
  public var trainInputs: Matrix
  /// Training labels, as output-unit indices.
  public var trainLabels: [Int]
  /// Test inputs in [0, 1], one row per sample.
  public var testInputs: Matrix
  /// Test labels, as output-unit indices.
  public var testLabels: [Int]
  /// The output units this task's labels use.
  public var units: [Int]

  /// A task of the given splits.
  public init(name: String, trainInputs: Matrix, trainLabels: [Int], testInputs: Matrix, testLabels: [Int], units: [Int]) {
    self.name = name
    self.trainInputs = trainInputs
    self.trainLabels = trainLabels
    self.testInputs = testInputs
    self.testLabels = testLabels
    self.units = units
  }
}

/// A sequence of tasks in one scenario.
public struct TaskStream: Sendable {
  /// The stream's name, such as "split MNIST-5k".
  public var name: String
  /// Which output units are active when.
  public var scenario: IncrementalScenario
  /// The tasks, in learning order.
  public var tasks: [ContinualTask]
  /// Size of the output layer.
  public var outputUnits: Int

  /// A stream of `tasks` over `outputUnits` output units.
  public init(name: String, scenario: IncrementalScenario, tasks: [ContinualTask], outputUnits: Int) {
    self.name = name
    self.scenario = scenario
    self.tasks = tasks
    self.outputUnits = outputUnits
  }

  /// Input width (pixels).
  public var inputSize: Int { tasks.first?.trainInputs.columns ?? 0 }

  /// The output units active while learning or testing task `t` (0-based): Task-IL that task's units,
  /// Domain-IL all units, Class-IL every unit of tasks 0…t.
  public func activeUnits(task t: Int) -> [Int] {
    switch scenario {
    case .task: return tasks[t].units
    case .domain: return Array(0..<outputUnits)
    case .class: return Array(Set(tasks[0...t].flatMap(\.units))).sorted()
    }
  }

  /// The units an item of task `j` is scored over while task `t` is being learned (or after it):
  /// in Class-IL every class seen through task t, otherwise task j's own units.
  public func activeUnits(forItemsOf j: Int, during t: Int) -> [Int] {
    scenario == .class ? activeUnits(task: t) : activeUnits(task: j)
  }

  /// Split benchmark: classes in order, `classesPerTask` per task (split MNIST: 5 tasks of 2).
  /// `classOrder` permutes the classes first (identity keeps 0, 1, 2, …).
  public static func split(_ dataset: ImageDataset, scenario: IncrementalScenario, classesPerTask: Int, classOrder: [Int]? = nil,
                           trainLimit: Int? = nil) throws -> TaskStream {
    let order = classOrder ?? Array(0..<dataset.classCount)
    guard classesPerTask >= 1, order.count % classesPerTask == 0, order.count >= 2 * classesPerTask else {
      throw SpikelineError.field("classesPerTask", "\(dataset.name) has \(order.count) classes, which cannot be split into at least 2 tasks of \(classesPerTask)")
    }
    var tasks: [ContinualTask] = []
    for t in 0..<(order.count / classesPerTask) {
      let classes = Array(order[(t * classesPerTask)..<((t + 1) * classesPerTask)])
      let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
      func label(_ original: Int) -> Int {
        // Class-IL and Task-IL: a unit per class (in class-order position); Domain-IL: index within the task.
        scenario == .domain ? classes.firstIndex(of: original)! : position[original]!
      }
      var train = dataset.train.filtered(classes: Set(classes))
      if let trainLimit { train = train.prefix(trainLimit) }
      let test = dataset.test.filtered(classes: Set(classes))
      let units = scenario == .domain ? Array(0..<classesPerTask) : classes.map { position[$0]! }
      tasks.append(ContinualTask(name: "task \(t + 1) (classes \(classes.map(String.init).joined(separator: ",")))",
                                 trainInputs: matrix(train), trainLabels: train.labels.map(label),
                                 testInputs: matrix(test), testLabels: test.labels.map(label), units: units))
    }
    return TaskStream(name: "split \(dataset.name)", scenario: scenario, tasks: tasks,
                      outputUnits: scenario == .domain ? classesPerTask : order.count)
  }

  /// Permuted benchmark (Domain-IL): images zero-padded to `paddedSide`² pixels, each task applying its
  /// own seeded pixel permutation; task 1 keeps the identity.
  public static func permuted(_ dataset: ImageDataset, tasks count: Int, paddedSide: Int = 32, seed: UInt64, trainLimit: Int? = nil) throws -> TaskStream {
    guard count >= 2 else { throw SpikelineError.usage("a permuted benchmark needs at least 2 tasks (got \(count))") }
    guard paddedSide >= max(dataset.train.height, dataset.train.width) else {
      throw SpikelineError.usage("padding to \(paddedSide)×\(paddedSide) is smaller than the \(dataset.train.height)×\(dataset.train.width) images")
    }
    let train = trainLimit.map { dataset.train.prefix($0) } ?? dataset.train
    let paddedTrain = padded(train, side: paddedSide), paddedTest = padded(dataset.test, side: paddedSide)
    var generator = SeededGenerator(seed: seed, stream: "pixel permutations")
    var tasks: [ContinualTask] = []
    for t in 0..<count {
      var permutation = Array(0..<(paddedSide * paddedSide))
      if t > 0 { generator.shuffle(&permutation) }
      tasks.append(ContinualTask(name: "permutation \(t + 1)", trainInputs: permute(paddedTrain, permutation), trainLabels: train.labels,
                                 testInputs: permute(paddedTest, permutation), testLabels: dataset.test.labels,
                                 units: Array(0..<dataset.classCount)))
    }
    return TaskStream(name: "permuted \(dataset.name)", scenario: .domain, tasks: tasks, outputUnits: dataset.classCount)
  }

  static func matrix(_ set: ImageSet) -> Matrix {
    Matrix(rows: set.count, columns: set.pixelsPerImage, values: set.pixels.map { Float($0) / 255 })
  }

  /// Images zero-padded (centred) to side × side pixels, scaled to [0, 1].
  public static func padded(_ set: ImageSet, side: Int) -> Matrix {
    var m = Matrix(rows: set.count, columns: side * side)
    let top = (side - set.height) / 2, left = (side - set.width) / 2
    for i in 0..<set.count {
      for r in 0..<set.height {
        for c in 0..<set.width {
          m.values[i * side * side + (r + top) * side + c + left] = Float(set.pixels[i * set.pixelsPerImage + r * set.width + c]) / 255
        }
      }
    }
    return m
  }

  static func permute(_ m: Matrix, _ permutation: [Int]) -> Matrix {
    var out = m
    for i in 0..<m.rows { for (j, p) in permutation.enumerated() { out.values[i * m.columns + j] = m.values[i * m.columns + p] } }
    return out
  }
}
