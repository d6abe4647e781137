import SpikeData
import SpikelineSupport

/// A sparse linear map between two vectors: for each input index, the outputs it feeds and with
/// what weight. NIR's weight-carrying nodes (Affine, Linear, Conv, pooling, Scale, Flatten) are such
/// maps; a chain of them between two populations composes into one projection.
struct NIRLinearMap {
  /// Input length.
  var inputs: Int
  /// Output length.
  var outputs: Int
  /// Output shape (channels, height, width for convolutions; one dimension otherwise).
  var outputShape: [Int]
  /// For each input index: (output index, weight) pairs.
  var rows: [[(Int, Double)]]

  /// The identity on a vector of `shape`.
  static func identity(shape: [Int]) -> NIRLinearMap {
    let n = shape.reduce(1, *)
    return NIRLinearMap(inputs: n, outputs: n, outputShape: shape, rows: (0..<n).map { [($0, 1)] })
  }

  /// `self` followed by `next`: weights multiply along paths and add over them.
  func then(_ next: NIRLinearMap) -> NIRLinearMap {
    var rows: [[(Int, Double)]] = []
    rows.reserveCapacity(inputs)
    for row in self.rows {
      var sums: [Int: Double] = [:]
      for (middle, weight) in row { for (target, w) in next.rows[middle] { sums[target, default: 0] += weight * w } }
      rows.append(sums.keys.sorted().map { ($0, sums[$0] ?? 0) })
    }
    return NIRLinearMap(inputs: inputs, outputs: next.outputs, outputShape: next.outputShape, rows: rows)
  }

  /// A dense `[outputs, inputs]` weight as a map.
  static func dense(_ weight: NIRMatrix) -> NIRLinearMap {
    let rows = (0..<weight.columns).map { input in (0..<weight.rows).compactMap { o in weight[o, input] == 0 ? nil : (o, weight[o, input]) } }
    return NIRLinearMap(inputs: weight.columns, outputs: weight.rows, outputShape: [weight.rows], rows: rows)
  }

  /// A 2-D convolution (or pooling when `weight` is nil: every channel onto itself with `poolWeight`)
  /// over an input of shape (channels, height, width).
  static func convolution(input: [Int], outputChannels: Int, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                          dilation: (Int, Int), groups: Int, weight: ((Int, Int, Int, Int) -> Double)?,
                          poolWeight: Double = 1) -> NIRLinearMap {
    let (channels, height, width) = (input[0], input[1], input[2])
    let outHeight = (height + 2 * padding.0 - dilation.0 * (kernel.0 - 1) - 1) / stride.0 + 1
    let outWidth = (width + 2 * padding.1 - dilation.1 * (kernel.1 - 1) - 1) / stride.1 + 1
    var rows = [[(Int, Double)]](repeating: [], count: channels * height * width)
    let inPerGroup = channels / groups, outPerGroup = outputChannels / groups
    for o in 0..<outputChannels {
      let group = o / max(outPerGroup, 1)
      let sourceChannels = weight == nil ? o..<(o + 1) : (group * inPerGroup)..<((group + 1) * inPerGroup)
      for y in 0..<max(outHeight, 0) {
        for x in 0..<max(outWidth, 0) {
          let target = (o * outHeight + y) * outWidth + x
          for c in sourceChannels {
            for i in 0..<kernel.0 {
              let row = y * stride.0 - padding.0 + i * dilation.0
              guard row >= 0 && row < height else { continue }
              for j in 0..<kernel.1 {
                let column = x * stride.1 - padding.1 + j * dilation.1
                guard column >= 0 && column < width else { continue }
                let w = weight.map { $0(o, c - group * inPerGroup, i, j) } ?? poolWeight
                if w != 0 { rows[(c * height + row) * width + column].append((target, w)) }
              }
            }
          }
        }
      }
    }
    return NIRLinearMap(inputs: channels * height * width, outputs: outputChannels * max(outHeight, 0) * max(outWidth, 0),
                        outputShape: [outputChannels, max(outHeight, 0), max(outWidth, 0)], rows: rows)
  }
}
