import SpikeTraining
import SpikelineSupport

/// The results of a `BrainInspiredExperiment` (the `--json` output of `spikeline bir`).
public struct BrainInspiredReport: Sendable, Codable {
  public struct Run: Sendable, Codable {
    public var method: String
    public var seed: UInt64
    public var matrix: AccuracyMatrix
    public var memoryBytes: Int
    public var wallSeconds: Double
  }

  public struct Summary: Sendable, Codable {
    public var name: String
    public var runs: Int
    /// Final average accuracy over all tasks (fraction), mean and std over seeds.
    public var averageAccuracy: Statistic
    public var backwardTransfer: Statistic
    public var forgetting: Statistic
    public var forwardTransfer: Statistic
    public var memoryBytes: Statistic
    public var wallSeconds: Statistic
    /// Mean over seeds of the average accuracy on the tasks so far, after each task.
    public var averageAccuracyAfterTask: [Double]
    /// The RtF preprint's value for this method and scenario on the MNIST version of the benchmark
    /// (split or permuted MNIST; percent), when published.
    public var publishedMNIST: Double?
  }

  public var stream: String
  public var scenario: String
  public var tasks: [String]
  public var seeds: [UInt64]
  public var settings: ContinualSettings
  public var methods: [Summary]
  public var runs: [Run]
}
