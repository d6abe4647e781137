import Foundation
import SpikeTraining
import SpikelineSupport

/// Training settings shared by every method of a comparison (the split-MNIST values of the BI-R code
/// are the defaults: 2 × 400 ReLU units, 100 latent units, Adam at 1e-3, batches of 128).
public struct ContinualSettings: Sendable, Equatable, Codable {
  /// Optimiser steps per task.
  public var iterations: Int = 2000
  /// Current-task samples per step (and replayed items, at replay fraction 1).
  public var batchSize: Int = 128
  /// Adam's learning rate.
  public var learningRate: Float = 1e-3
  /// Hidden layer sizes of the classifier (and of the VAE's encoder and decoder).
  public var hidden: [Int] = [400, 400]
  /// Latent (z) units of the VAE.
  public var latent: Int = 100
  /// Seeds weights, noise and batch order.
  public var seed: UInt64 = 1
  /// Test samples per task used for the accuracy matrix (nil: all).
  public var testLimit: Int? = nil

  /// The BI-R code's split-MNIST values.
  public init() {}
}
