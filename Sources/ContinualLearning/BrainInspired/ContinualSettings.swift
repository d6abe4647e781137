import Foundation
import SpikeTraining
import SpikelineSupport

/// Training settings shared by every method of a comparison (the split-MNIST values of the BI-R code
/// are the defaults: 2 × 400 ReLU units, 100 latent units, Adam at 1e-3, batches of 128).
public struct ContinualSettings: Sendable, Equatable, Codable {
  public var iterations: Int = 2000
  public var batchSize: Int = 128
  public var learningRate: Float = 1e-3
  public var hidden: [Int] = [400, 400]
  public var latent: Int = 100
  public var seed: UInt64 = 1
  /// Test samples per task used for the accuracy matrix (nil: all).
  public var testLimit: Int? = nil

  public init() {}
}
