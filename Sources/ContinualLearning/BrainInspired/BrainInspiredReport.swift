import SpikeTraining
import SpikelineSupport

/// The results of a `BrainInspiredExperiment` (the `--json` output of `spikeline bir`).
public struct BrainInspiredReport: Sendable, Codable {
  /// One method with one seed.
  public struct Run: Sendable, Codable {
    /// The method's name.
    public var method: String
    /// The seed.
    public var seed: UInt64
    /// Accuracy on every task after each task.
    public var matrix: AccuracyMatrix
    /// Bytes kept against forgetting (buffer, generator or regulariser state).
    public var memoryBytes: Int
    /// Wall time of the run on this machine, seconds.
    public var wallSeconds: Double
  }

  /// One method over its seeds.
  public struct Summary: Sendable, Codable {
    /// The method's name.
    public var name: String
    /// Runs summarised (one per seed).
    public var runs: Int
    /// Final average accuracy over all tasks (fraction), mean and std over seeds.
    public var averageAccuracy: Statistic
    /// Backward transfer (fraction; negative is forgetting), mean and std over seeds.
    public var backwardTransfer: Statistic
    /// Forgetting (fraction), mean and std over seeds.
    public var forgetting: Statistic
    /// Forward transfer (fraction), mean and std over seeds.
    public var forwardTransfer: Statistic
    /// Bytes kept against forgetting, mean and std over seeds.
    public var memoryBytes: Statistic
    /// Wall time, seconds, mean and std over seeds.
    public var wallSeconds: Statistic
    /// Mean over seeds of the average accuracy on the tasks so far, after each task.
    public var averageAccuracyAfterTask: [Double]
    /// The RtF preprint's value for this method and scenario on the MNIST version of the benchmark
    /// (split or permuted MNIST; percent), when published.
    public var publishedMNIST: Double?
  }

  /// The task stream's name, such as "split MNIST-5k".
  public var stream: String
  /// "Task-IL", "Domain-IL" or "Class-IL".
  public var scenario: String
  /// Task names, in learning order.
  public var tasks: [String]
  /// The seeds run.
  public var seeds: [UInt64]
  /// The shared settings.
  public var settings: ContinualSettings
  /// One summary per method, in the order asked.
  public var methods: [Summary]
  /// Every run.
  public var runs: [Run]
}
