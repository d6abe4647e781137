import Foundation
import Testing
import SpikelineSupport
@testable import SpikeTraining

/// Central differences of a scalar function of a vector, single precision.
func numericGradient(_ values: [Float], epsilon: Float = 1e-2, _ f: ([Float]) -> Float) -> [Float] {
  values.indices.map { i in
    var plus = values, minus = values
    plus[i] += epsilon; minus[i] -= epsilon
    return (f(plus) - f(minus)) / (2 * epsilon)
  }
}

/// |a − n| ≤ 1e-2·max(1, |n|): single-precision central differences with ε = 1e-2 on smooth functions.
func close(_ analytic: [Float], _ numeric: [Float], _ label: String) {
  for (i, (a, n)) in zip(analytic, numeric).enumerated() {
    #expect(abs(a - n) <= 1e-2 * max(1, abs(n)), "\(label)[\(i)]: analytic \(a), numeric \(n)")
  }
}

func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, scale: Double = 1) -> Matrix {
  Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(generator.normal() * scale) })
}

@Suite struct DenseGradientTests {
  @Test("Linear layer: weights, bias and inputs; product kernels against a naive loop")
  func linear() {
    var generator = SeededGenerator(seed: 1)
    var layer = LinearLayer(inputs: 5, outputs: 4, generator: &generator)
    layer.bias = [0.1, -0.2, 0.3, 0]
    let x = randomMatrix(3, 5, &generator), c = randomMatrix(3, 4, &generator)
    func loss(_ l: LinearLayer, _ input: Matrix) -> Float {
      zip(l.forward(input).values, c.values).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let y = layer.forward(x)
    for i in 0..<3 { for j in 0..<4 {
      var naive = layer.bias[j]
      for k in 0..<5 { naive += x[i, k] * layer.weights[k, j] }
      #expect(abs(y[i, j] - naive) < 1e-5)
    } }
    let gradients = layer.backward(x, c)
    close(gradients.weights.values, numericGradient(layer.weights.values) { values in
      var l = layer; l.weights.values = values; return loss(l, x) }, "W")
    close(gradients.bias, numericGradient(layer.bias) { values in var l = layer; l.bias = values; return loss(l, x) }, "b")
    close(gradients.input!.values, numericGradient(x.values) { values in loss(layer, Matrix(rows: 3, columns: 5, values: values)) }, "x")
  }

  @Test("ReLU and sigmoid backward")
  func activations() {
    var generator = SeededGenerator(seed: 2)
    let x = randomMatrix(2, 6, &generator), c = randomMatrix(2, 6, &generator)
    for activation in [Activation.relu, .sigmoid] {
      let y = activation.apply(x)
      let analytic = activation.backward(y, c).values
      let numeric = numericGradient(x.values, epsilon: 1e-3) { values in
        zip(activation.apply(Matrix(rows: 2, columns: 6, values: values)).values, c.values).reduce(0) { $0 + $1.0 * $1.1 }
      }
      close(analytic, numeric, "\(activation)")
    }
  }

  @Test("Reparameterisation: gradients of μ and logσ² through z for fixed noise")
  func reparameterisation() {
    var generator = SeededGenerator(seed: 3)
    let mean = randomMatrix(2, 3, &generator), logVariance = randomMatrix(2, 3, &generator, scale: 0.5), c = randomMatrix(2, 3, &generator)
    var noiseGenerator = SeededGenerator(seed: 9)
    let (_, noise) = Variational.sample(mean: mean, logVariance: logVariance, generator: &noiseGenerator)
    func loss(_ mu: [Float], _ lv: [Float]) -> Float {
      var sum: Float = 0
      for i in mu.indices { sum += c.values[i] * (mu[i] + exp(0.5 * lv[i]) * noise.values[i]) }
      return sum
    }
    let (dMean, dLogVariance) = Variational.sampleBackward(dz: c, logVariance: logVariance, noise: noise)
    close(dMean.values, numericGradient(mean.values) { loss($0, logVariance.values) }, "μ")
    close(dLogVariance.values, numericGradient(logVariance.values, epsilon: 1e-3) { loss(mean.values, $0) }, "logσ²")
  }

  @Test("KL divergence: the standard-normal value by hand, and gradients for a learned prior")
  func kl() {
    let logQuarter = Float(log(0.25))
    let mean = Matrix(rows: 1, columns: 2, values: [0.5, -1]), logVariance = Matrix(rows: 1, columns: 2, values: [0, logQuarter])
    let standard = Variational.klDivergence(mean: mean, logVariance: logVariance)
    // −½Σ(1 + logσ² − μ² − σ²) = −½[(1 + 0 − 0.25 − 1) + (1 + ln 0.25 − 1 − 0.25)]
    let first: Float = 1 + 0 - 0.25 - 1
    let second: Float = 1 + logQuarter - 1 - 0.25
    #expect(abs(standard.kl[0] - (-0.5 * (first + second))) < 1e-6)
    var generator = SeededGenerator(seed: 4)
    let mu = randomMatrix(2, 3, &generator), lv = randomMatrix(2, 3, &generator, scale: 0.3)
    let pm = randomMatrix(2, 3, &generator), plv = randomMatrix(2, 3, &generator, scale: 0.3)
    let result = Variational.klDivergence(mean: mu, logVariance: lv, priorMean: pm, priorLogVariance: plv)
    func total(_ a: [Float], _ b: [Float], _ c: [Float], _ d: [Float]) -> Float {
      Variational.klDivergence(mean: Matrix(rows: 2, columns: 3, values: a), logVariance: Matrix(rows: 2, columns: 3, values: b),
                               priorMean: Matrix(rows: 2, columns: 3, values: c), priorLogVariance: Matrix(rows: 2, columns: 3, values: d)).kl.reduce(0, +)
    }
    close(result.mean.values, numericGradient(mu.values, epsilon: 1e-3) { total($0, lv.values, pm.values, plv.values) }, "μ")
    close(result.logVariance.values, numericGradient(lv.values, epsilon: 1e-3) { total(mu.values, $0, pm.values, plv.values) }, "logσ²")
    close(result.priorMean.values, numericGradient(pm.values, epsilon: 1e-3) { total(mu.values, lv.values, $0, plv.values) }, "m")
    close(result.priorLogVariance.values, numericGradient(plv.values, epsilon: 1e-3) { total(mu.values, lv.values, pm.values, $0) }, "log s²")
  }

  @Test("Losses: cross-entropy (over active classes), distillation at T, BCE with logits, squared error")
  func losses() {
    let logits: [Float] = [0.3, -1.2, 2.0, 0.5]
    let ce = Losses.crossEntropy(logits, label: 2, active: [0, 2, 3])
    close(ce.gradient, numericGradient(logits, epsilon: 1e-3) { Losses.crossEntropy($0, label: 2, active: [0, 2, 3]).loss }, "CE")
    #expect(ce.gradient[1] == 0)
    let teacher: [Float] = [1, 0.2, -0.5]
    let kd = Losses.distillation(logits, teacher: teacher, temperature: 2)
    close(kd.gradient, numericGradient(logits, epsilon: 1e-3) { Losses.distillation($0, teacher: teacher, temperature: 2).loss }, "KD")
    // The class the teacher does not know gets target probability 0: its logit is pushed down.
    #expect(kd.gradient[3] > 0)
    // Distillation against itself has zero gradient; its value is T²·H(q).
    let same = Losses.distillation([1, 0.2, -0.5], teacher: teacher, temperature: 2)
    #expect(same.gradient.allSatisfy { abs($0) < 1e-6 })
    let targets: [Float] = [0, 1, 0.3, 1]
    close(Losses.binaryCrossEntropyWithLogits(logits, targets: targets).gradient,
          numericGradient(logits, epsilon: 1e-3) { Losses.binaryCrossEntropyWithLogits($0, targets: targets).loss }, "BCE")
    #expect(abs(Losses.binaryCrossEntropyWithLogits([0], targets: [1]).loss - Float(log(2.0))) < 1e-6)
    close(Losses.squaredError(logits, targets: targets).gradient,
          numericGradient(logits) { Losses.squaredError($0, targets: targets).loss }, "MSE")
  }
}
