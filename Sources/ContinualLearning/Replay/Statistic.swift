import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// A mean and a standard deviation (population) over runs.
public struct Statistic: Sendable, Codable, Equatable {
  /// The mean.
  public var mean: Double
  /// The population standard deviation.
  public var std: Double

  /// The statistic of `values` (0 ± 0 for none).
  public init(_ values: [Double]) {
    let n = Double(max(values.count, 1))
    let average = values.reduce(0, +) / n
    mean = average
    std = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n).squareRoot()
  }
}
