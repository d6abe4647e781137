/// The buffers of `SpikingTrainer.trainBatch`, kept from one batch to the next so that a training step
/// allocates, zero-fills and page-faults no workspace in steady state: one set of sample workspaces
/// per worker thread (a work unit borrows its thread's set), the units' gradient buffers and their sum
/// (`OrderedGradientSum`), and the transposed recurrent matrices that every unit of a batch reads.
///
/// Reusing a workspace for another sample is what a work unit always did between its samples; every
/// pass clears or overwrites what it reads, so the bits do not depend on which set a unit gets.
final class TrainingScratch: @unchecked Sendable {
  /// Steps per sample, and outputs per layer, the workspaces were made for.
  let steps: Int
  let sizes: [Int]
  /// Floats of one gradient (the model's flat parameter count).
  let parameterCount: Int
  /// [worker][sample of the unit's lockstep group].
  private(set) var workspaces: [[SpikingWorkspace]] = []
  /// The units' gradients, summed in unit order as they finish.
  let gradientSum: OrderedGradientSum
  /// Vᵀ of the recurrent layers, refreshed for each batch's weights.
  let transposes = PreparedWeights()

  init(model: SpikingModel, steps: Int) {
    self.steps = steps
    sizes = model.layers.map(\.outputs)
    parameterCount = model.layout.count
    gradientSum = OrderedGradientSum(count: parameterCount)
  }

  /// Whether these buffers fit `model` run for `steps` steps.
  func fits(_ model: SpikingModel, steps: Int) -> Bool {
    steps == self.steps && parameterCount == model.layout.count && sizes.elementsEqual(model.layers.lazy.map(\.outputs))
  }

  /// Makes sure there are `workers` sets of `group` workspaces and starts the gradient sum of
  /// `units` units (call before the units start: it is not thread-safe).
  func reserve(workers: Int, group: Int, units: Int, model: SpikingModel) {
    for worker in workspaces.indices where workspaces[worker].count < group {
      workspaces[worker] += (workspaces[worker].count..<group).map { _ in SpikingWorkspace(model: model, steps: steps) }
    }
    while workspaces.count < workers {
      workspaces.append((0..<group).map { _ in SpikingWorkspace(model: model, steps: steps) })
    }
    gradientSum.start(units: units)
  }
}
