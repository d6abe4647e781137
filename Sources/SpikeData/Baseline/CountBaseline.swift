import SpikelineSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Non-spiking baselines on binned spike counts: how separable a dataset is before any SNN.
///
/// Features: spike counts in groups of channels × time bins (default 35 groups of 20 channels ×
/// 10 bins of 100 ms), log(1 + count), standardised on the training split. Classifiers: nearest
/// class centroid, and multinomial logistic regression (softmax, L2 0.01, Adam, full batch,
/// deterministic).
public struct CountBaseline: Sendable {
  /// Accuracy (fractions) of one classifier.
  public struct Accuracy: Codable, Sendable, Equatable {
    /// 20-class accuracy.
    public var classes: Double
    /// The predicted class has the right language (labels < 10 English, ≥ 10 German).
    public var language: Double
    /// The predicted class has the right digit, in either language.
    public var digit: Double
  }

  /// What `run` measured.
  public struct Report: Codable, Sendable, Equatable {
    /// Features per sample: channel groups × time bins.
    public var features: Int
    /// Samples in the training split.
    public var trainSamples: Int
    /// Samples in the test split.
    public var testSamples: Int
    /// Accuracy of always guessing the commonest class.
    public var chance: Double
    /// The nearest class centroid.
    public var nearestCentroid: Accuracy
    /// Multinomial logistic regression.
    public var logisticRegression: Accuracy
  }

  /// Groups of neighbouring channels summed into one feature.
  public var channelGroups = 35
  /// Time bins over `window`.
  public var timeBins = 10
  /// Seconds the time bins cover.
  public var window = 1.0
  /// Full-batch iterations of the logistic regression.
  public var iterations = 300

  /// The default features and training length.
  public init() {}

  func features(_ sample: SpikeSample, _ dataset: SpikeDataset) -> [Double] {
    var counts = [Double](repeating: 0, count: channelGroups * timeBins)
    let groupSize = (dataset.channelCount + channelGroups - 1) / channelGroups
    for k in sample.times.indices {
      let bin = Int(Double(sample.times[k]) * dataset.timeUnit / window * Double(timeBins))
      guard bin < timeBins else { continue }
      counts[min(Int(sample.channels[k]) / groupSize, channelGroups - 1) * timeBins + bin] += 1
    }
    return counts.map { log(1 + $0) }
  }

  /// Trains on the train split and scores the test split.
  public func evaluate(_ dataset: SpikeDataset) throws -> Report {
    let train = dataset.samples(in: .train), test = dataset.samples(in: .test)
    guard !train.isEmpty, !test.isEmpty else { throw SpikelineError(.invalidInput, "the dataset needs both train and test samples for a baseline") }
    let classes = dataset.classNames.count
    var xTrain = train.map { features($0, dataset) }, xTest = test.map { features($0, dataset) }
    let d = xTrain[0].count
    // Standardise with training statistics.
    for j in 0..<d {
      let mean = xTrain.reduce(0) { $0 + $1[j] } / Double(xTrain.count)
      let sd = max((xTrain.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / Double(xTrain.count)).squareRoot(), 1e-9)
      for i in xTrain.indices { xTrain[i][j] = (xTrain[i][j] - mean) / sd }
      for i in xTest.indices { xTest[i][j] = (xTest[i][j] - mean) / sd }
    }
    let yTrain = train.map(\.label), yTest = test.map(\.label)
    // Nearest centroid.
    var centroids = [[Double]](repeating: [Double](repeating: 0, count: d), count: classes)
    var sizes = [Int](repeating: 0, count: classes)
    for (x, y) in zip(xTrain, yTrain) { sizes[y] += 1; for j in 0..<d { centroids[y][j] += x[j] } }
    for c in 0..<classes where sizes[c] > 0 { for j in 0..<d { centroids[c][j] /= Double(sizes[c]) } }
    let centroidPredictions = xTest.map { x in
      (0..<classes).min { a, b in distance(x, centroids[a]) < distance(x, centroids[b]) } ?? 0
    }
    // Softmax regression, Adam on the full batch.
    var w = [Double](repeating: 0, count: classes * (d + 1))
    var m = w, v = w
    let lr = 0.05, beta1 = 0.9, beta2 = 0.999, l2 = 0.01
    for step in 1...iterations {
      var gradient = [Double](repeating: 0, count: w.count)
      for (x, y) in zip(xTrain, yTrain) {
        let p = probabilities(x, w, classes)
        for c in 0..<classes {
          let g = p[c] - (c == y ? 1 : 0)
          let base = c * (d + 1)
          for j in 0..<d { gradient[base + j] += g * x[j] }
          gradient[base + d] += g
        }
      }
      for k in w.indices {
        let g = gradient[k] / Double(xTrain.count) + (k % (d + 1) == d ? 0 : l2 * w[k])
        m[k] = beta1 * m[k] + (1 - beta1) * g
        v[k] = beta2 * v[k] + (1 - beta2) * g * g
        let mHat = m[k] / (1 - pow(beta1, Double(step))), vHat = v[k] / (1 - pow(beta2, Double(step)))
        w[k] -= lr * mHat / (vHat.squareRoot() + 1e-8)
      }
    }
    let logisticPredictions = xTest.map { x in
      let p = probabilities(x, w, classes)
      return p.indices.max { p[$0] < p[$1] } ?? 0
    }
    return Report(features: d, trainSamples: train.count, testSamples: test.count, chance: 1 / Double(classes),
                  nearestCentroid: score(centroidPredictions, yTest), logisticRegression: score(logisticPredictions, yTest))
  }

  func distance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for j in a.indices { sum += (a[j] - b[j]) * (a[j] - b[j]) }
    return sum
  }

  func probabilities(_ x: [Double], _ w: [Double], _ classes: Int) -> [Double] {
    let d = x.count
    var logits = (0..<classes).map { c -> Double in
      var z = w[c * (d + 1) + d]
      for j in 0..<d { z += w[c * (d + 1) + j] * x[j] }
      return z
    }
    let top = logits.max() ?? 0
    var total = 0.0
    for c in logits.indices { logits[c] = exp(logits[c] - top); total += logits[c] }
    return logits.map { $0 / total }
  }

  func score(_ predicted: [Int], _ truth: [Int]) -> Accuracy {
    let n = Double(max(truth.count, 1))
    var classes = 0, language = 0, digit = 0
    for (p, t) in zip(predicted, truth) {
      if p == t { classes += 1 }
      if (p < 10) == (t < 10) { language += 1 }
      if p % 10 == t % 10 { digit += 1 }
    }
    return Accuracy(classes: Double(classes) / n, language: Double(language) / n, digit: Double(digit) / n)
  }
}
