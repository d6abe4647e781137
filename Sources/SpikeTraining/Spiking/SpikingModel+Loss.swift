import SpikeData

extension SpikingModel {
  /// The loss of one sample and, if `gradient` is given, its gradient added there.
  /// - Returns: (loss, scores).
  func lossAndGradient(_ input: BinnedSample, label: Int, workspace: SpikingWorkspace, gradient: UnsafeMutablePointer<Float>?,
                       layout: Layout, lowest: Int, smooth: Bool = false, activeClasses: [Int]? = nil,
                       counter: inout OperationCount) -> (loss: Float, scores: [Float]) {
    let scores = forward(input, workspace: workspace, smooth: smooth, counter: &counter)
    let (loss, scoreGradient) = Losses.crossEntropy(scores, label: label, active: activeClasses)
    if let gradient {
      backward(input, workspace: workspace, scoreGradient: scoreGradient, gradient: gradient, layout: layout,
               lowest: lowest, smooth: smooth, counter: &counter)
    }
    return (loss, scores)
  }

  /// The hard spike pattern of every layer for a sample (to detect when a perturbation flips a spike).
  func hardSpikePattern(_ input: BinnedSample, workspace: SpikingWorkspace) -> [[Bool]] {
    var counter = OperationCount()
    _ = forward(input, workspace: workspace, smooth: true, counter: &counter)
    return layers.indices.map { l in
      (0..<(workspace.steps * layers[l].outputs)).map { layers[l].isSpiking && workspace.potentials[l][$0] >= layers[l].threshold }
    }
  }
}
