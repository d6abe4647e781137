import SpikelineSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Variational pieces: the reparameterisation trick and KL divergences of diagonal Gaussians.
public enum Variational {
  /// z = μ + exp(½·logσ²)·ε, ε ~ N(0, 1) from `generator`. Returns z and ε (needed for gradients).
  public static func sample(mean: Matrix, logVariance: Matrix, generator: inout SeededGenerator) -> (z: Matrix, noise: Matrix) {
    var noise = Matrix(rows: mean.rows, columns: mean.columns)
    var z = mean
    for i in z.values.indices {
      noise.values[i] = Float(generator.normal())
      z.values[i] = mean.values[i] + exp(0.5 * logVariance.values[i]) * noise.values[i]
    }
    return (z, noise)
  }

  /// Gradients of μ and logσ² from dz (through z = μ + e^(½logσ²)·ε).
  public static func sampleBackward(dz: Matrix, logVariance: Matrix, noise: Matrix) -> (mean: Matrix, logVariance: Matrix) {
    var dLogVariance = dz
    for i in dz.values.indices { dLogVariance.values[i] = dz.values[i] * noise.values[i] * 0.5 * exp(0.5 * logVariance.values[i]) }
    return (dz, dLogVariance)
  }

  /// KL(N(μ, σ²) ‖ N(m, s²)) per row, summed over dimensions, and its gradients with respect to μ and
  /// logσ² (and to the prior's m and log s², for a learned prior). With m = 0, s = 1 it is
  /// −½Σ(1 + logσ² − μ² − σ²).
  public static func klDivergence(mean: Matrix, logVariance: Matrix, priorMean: Matrix? = nil, priorLogVariance: Matrix? = nil)
    -> (kl: [Float], mean: Matrix, logVariance: Matrix, priorMean: Matrix, priorLogVariance: Matrix) {
    var kl = [Float](repeating: 0, count: mean.rows)
    var dMean = mean, dLogVariance = logVariance
    var dPriorMean = Matrix(rows: mean.rows, columns: mean.columns), dPriorLogVariance = dPriorMean
    for i in mean.values.indices {
      let m = priorMean?.values[i] ?? 0, logS2 = priorLogVariance?.values[i] ?? 0
      let variance = exp(logVariance.values[i]), priorVariance = exp(logS2)
      let difference = mean.values[i] - m
      // ½[log s² − log σ² + (σ² + (μ − m)²)/s² − 1]
      kl[i / mean.columns] += 0.5 * (logS2 - logVariance.values[i] + (variance + difference * difference) / priorVariance - 1)
      dMean.values[i] = difference / priorVariance
      dLogVariance.values[i] = 0.5 * (variance / priorVariance - 1)
      dPriorMean.values[i] = -difference / priorVariance
      dPriorLogVariance.values[i] = 0.5 * (1 - (variance + difference * difference) / priorVariance)
    }
    return (kl, dMean, dLogVariance, dPriorMean, dPriorLogVariance)
  }
}
