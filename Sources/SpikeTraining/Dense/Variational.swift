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
    var z = Matrix(rows: 0, columns: 0), noise = z
    sample(mean: mean, logVariance: logVariance, generator: &generator, z: &z, noise: &noise)
    return (z, noise)
  }

  /// The draw of `sample(mean:logVariance:generator:)` into `z` and `noise`, reusing their storage.
  public static func sample(mean: Matrix, logVariance: Matrix, generator: inout SeededGenerator, z: inout Matrix, noise: inout Matrix) {
    noise.reshape(rows: mean.rows, columns: mean.columns)
    z.reshape(rows: mean.rows, columns: mean.columns)
    noise.values.withUnsafeMutableBufferPointer { e in
      z.values.withUnsafeMutableBufferPointer { out in
        for i in out.indices {
          e[i] = Float(generator.normal())
          out[i] = mean.values[i] + exp(0.5 * logVariance.values[i]) * e[i]
        }
      }
    }
  }

  /// Gradients of μ and logσ² from dz (through z = μ + e^(½logσ²)·ε).
  public static func sampleBackward(dz: Matrix, logVariance: Matrix, noise: Matrix) -> (mean: Matrix, logVariance: Matrix) {
    var dMean = Matrix(rows: 0, columns: 0), dLogVariance = dMean
    sampleBackward(dz: dz, logVariance: logVariance, noise: noise, mean: &dMean, logVariance: &dLogVariance)
    return (dMean, dLogVariance)
  }

  /// The gradients of `sampleBackward(dz:logVariance:noise:)` into `dMean` and `dLogVariance`, reusing their storage.
  public static func sampleBackward(dz: Matrix, logVariance: Matrix, noise: Matrix, mean dMean: inout Matrix,
                                    logVariance dLogVariance: inout Matrix) {
    dMean.reshape(rows: dz.rows, columns: dz.columns)
    dLogVariance.reshape(rows: dz.rows, columns: dz.columns)
    dMean.values.withUnsafeMutableBufferPointer { m in
      dLogVariance.values.withUnsafeMutableBufferPointer { l in
        for i in m.indices {
          m[i] = dz.values[i]
          l[i] = dz.values[i] * noise.values[i] * 0.5 * exp(0.5 * logVariance.values[i])
        }
      }
    }
  }

  /// A KL divergence per row and its four gradients (see `klDivergence(mean:logVariance:priorMean:priorLogVariance:)`).
  public struct KLTerms: Sendable {
    public var perRow: [Float] = []
    public var mean = Matrix(rows: 0, columns: 0)
    public var logVariance = Matrix(rows: 0, columns: 0)
    public var priorMean = Matrix(rows: 0, columns: 0)
    public var priorLogVariance = Matrix(rows: 0, columns: 0)
    public init() {}
  }

  /// KL(N(μ, σ²) ‖ N(m, s²)) per row, summed over dimensions, and its gradients with respect to μ and
  /// logσ² (and to the prior's m and log s², for a learned prior). With m = 0, s = 1 it is
  /// −½Σ(1 + logσ² − μ² − σ²).
  public static func klDivergence(mean: Matrix, logVariance: Matrix, priorMean: Matrix? = nil, priorLogVariance: Matrix? = nil)
    -> (kl: [Float], mean: Matrix, logVariance: Matrix, priorMean: Matrix, priorLogVariance: Matrix) {
    var terms = KLTerms()
    klDivergence(mean: mean, logVariance: logVariance, priorMean: priorMean, priorLogVariance: priorLogVariance, into: &terms)
    return (terms.perRow, terms.mean, terms.logVariance, terms.priorMean, terms.priorLogVariance)
  }

  /// The divergence and gradients of `klDivergence(mean:logVariance:priorMean:priorLogVariance:)` into
  /// `terms`, reusing its storage.
  public static func klDivergence(mean: Matrix, logVariance: Matrix, priorMean: Matrix?, priorLogVariance: Matrix?,
                                  into terms: inout KLTerms) {
    if terms.perRow.count == mean.rows {
      terms.perRow.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    } else {
      terms.perRow = [Float](repeating: 0, count: mean.rows)
    }
    terms.mean.reshape(rows: mean.rows, columns: mean.columns)
    terms.logVariance.reshape(rows: mean.rows, columns: mean.columns)
    terms.priorMean.reshape(rows: mean.rows, columns: mean.columns)
    terms.priorLogVariance.reshape(rows: mean.rows, columns: mean.columns)
    let columns = mean.columns
    terms.perRow.withUnsafeMutableBufferPointer { kl in
      terms.mean.values.withUnsafeMutableBufferPointer { dMean in
        terms.logVariance.values.withUnsafeMutableBufferPointer { dLogVariance in
          terms.priorMean.values.withUnsafeMutableBufferPointer { dPriorMean in
            terms.priorLogVariance.values.withUnsafeMutableBufferPointer { dPriorLogVariance in
              for i in dMean.indices {
                let m = priorMean?.values[i] ?? 0, logS2 = priorLogVariance?.values[i] ?? 0
                let variance = exp(logVariance.values[i]), priorVariance = exp(logS2)
                let difference = mean.values[i] - m
                // ½[log s² − log σ² + (σ² + (μ − m)²)/s² − 1]
                kl[i / columns] += 0.5 * (logS2 - logVariance.values[i] + (variance + difference * difference) / priorVariance - 1)
                dMean[i] = difference / priorVariance
                dLogVariance[i] = 0.5 * (variance / priorVariance - 1)
                dPriorMean[i] = -difference / priorVariance
                dPriorLogVariance[i] = 0.5 * (1 - (variance + difference * difference) / priorVariance)
              }
            }
          }
        }
      }
    }
  }
}
