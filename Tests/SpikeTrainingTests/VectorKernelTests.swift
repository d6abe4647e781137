import CSpikelineKernels
import Testing
import SpikelineSupport
@testable import SpikeTraining

/// The spiking backward's matrix–vector kernels: the row-blocked product over many vectors gives
/// the same bits as one `addMatrixVector` per vector, and every element is `dot` of its row (the
/// order the training's results depend on).
@Suite struct VectorKernelTests {
  /// Rows × width shapes: widths below, at and above one SIMD vector with tails, and row counts
  /// that leave partial blocks of four and partial L1 blocks.
  static let shapes: [(rows: Int, width: Int)] = [(1, 3), (7, 8), (50, 20), (203, 100), (130, 200), (9, 700)]

  @Test("Blocked products over many vectors equal per-vector products and per-row dot products, bit for bit",
        arguments: shapes.indices)
  func blockedEqualsPerVector(_ index: Int) {
    let (rows, width) = Self.shapes[index]
    let vectors = 5, strideB = width + 3, strideY = rows + 2
    var generator = SeededGenerator(seed: UInt64(index + 1), stream: "vector kernel test")
    let matrix = (0..<(rows * width)).map { _ in Float(generator.uniform(-1, 1)) }
    let b = (0..<(vectors * strideB)).map { _ in Float(generator.uniform(-1, 1)) }
    let initial = (0..<(vectors * strideY)).map { _ in Float(generator.uniform(-1, 1)) }
    var blocked = initial, perVector = initial, perRow = initial
    matrix.withUnsafeBufferPointer { m in
      b.withUnsafeBufferPointer { b in
        guard let m = m.baseAddress, let b = b.baseAddress else { return }
        blocked.withUnsafeMutableBufferPointer { y in
          VectorKernels.addMatrixVectors(m, count: rows, b, stride: strideB, width, vectors: vectors, into: y.baseAddress!, stride: strideY)
        }
        perVector.withUnsafeMutableBufferPointer { y in
          for v in 0..<vectors {
            VectorKernels.addMatrixVector(m, count: rows, b + v * strideB, width, into: y.baseAddress! + v * strideY)
          }
        }
        for v in 0..<vectors {
          for r in 0..<rows { perRow[v * strideY + r] += VectorKernels.dot(m + r * width, b + v * strideB, width) }
        }
      }
    }
    #expect(blocked.map(\.bitPattern) == perVector.map(\.bitPattern))
    #expect(blocked.map(\.bitPattern) == perRow.map(\.bitPattern))
    // Padding between the vectors' outputs is untouched.
    for v in 0..<vectors {
      for r in rows..<strideY { #expect(blocked[v * strideY + r].bitPattern == initial[v * strideY + r].bitPattern) }
    }
    // And the products are right: within a loose bound of a double-precision reference.
    for v in 0..<vectors {
      for r in 0..<rows {
        var exact = Double(initial[v * strideY + r])
        for i in 0..<width { exact += Double(matrix[r * width + i]) * Double(b[v * strideB + i]) }
        #expect(abs(Double(blocked[v * strideY + r]) - exact) <= 1e-5 * Double(width + 1))
      }
    }
  }

  /// The AVX2 form that the default build runs on CPUs that have it performs the Swift kernel's
  /// operations in its order (with `SPIKELINE_FMA` the Swift kernel fuses, so there is nothing to match).
  @Test("The AVX2 matrix–vector kernel gives the Swift kernel's bits", arguments: shapes.indices)
  func avx2EqualsSwift(_ index: Int) {
    #if !SPIKELINE_FMA && !SPIKELINE_WIDE_VECTORS
    guard GEMM.Kernel.avx2.isSupported else {
      withKnownIssue("this CPU has no AVX2: kernel not tested here") { Issue.record("skipped") }
      return
    }
    let (rows, width) = Self.shapes[index]
    var generator = SeededGenerator(seed: UInt64(index + 11), stream: "avx2 matrix-vector test")
    let matrix = (0..<(rows * width)).map { _ in Float(generator.uniform(-1, 1)) }
    let b = (0..<width).map { _ in Float(generator.uniform(-1, 1)) }
    let initial = (0..<rows).map { _ in Float(generator.uniform(-1, 1)) }
    var swift = initial, avx2 = initial
    matrix.withUnsafeBufferPointer { m in
      b.withUnsafeBufferPointer { b in
        swift.withUnsafeMutableBufferPointer { y in
          VectorKernels.addMatrixVectorInSwift(m.baseAddress!, count: rows, b.baseAddress!, width, into: y.baseAddress!)
        }
        avx2.withUnsafeMutableBufferPointer { y in
          spikeline_add_matrix_vector_avx2(m.baseAddress!, rows, b.baseAddress!, width, y.baseAddress!)
        }
      }
    }
    #expect(avx2.map(\.bitPattern) == swift.map(\.bitPattern), "\(rows) × \(width)")
    #expect(avx2 != initial)
    #endif
  }

  @Test("Row-held sums of scaled rows, whole or in parts, equal addScaled entry by entry, bit for bit", arguments: [1, 7, 8, 20, 50, 100, 200, 203])
  func scaledRowsEqualEntryByEntry(_ width: Int) {
    var generator = SeededGenerator(seed: UInt64(width), stream: "scaled rows test")
    let rowCount = 30, entries = 17
    let rows = (0..<(rowCount * width)).map { _ in Float(generator.uniform(-1, 1)) }
    let indices = (0..<entries).map { _ in Int32(generator.next() % UInt64(rowCount)) }
    let scales = (0..<entries).map { e in e % 3 == 0 ? 1 : Float(generator.uniform(-2, 2)) }
    let initial = (0..<width).map { _ in Float(generator.uniform(-1, 1)) }
    var held = initial, entryByEntry = initial, inParts = initial
    rows.withUnsafeBufferPointer { rows in
      guard let base = rows.baseAddress else { return }
      held.withUnsafeMutableBufferPointer { y in
        VectorKernels.addScaledRows(base, indices: indices, scales: scales, count: entries, into: y.baseAddress!, width)
      }
      entryByEntry.withUnsafeMutableBufferPointer { y in
        for e in 0..<entries { VectorKernels.addScaled(scales[e], base + Int(indices[e]) * width, into: y.baseAddress!, width) }
      }
      // The same entries as three samples' parts (the second against rows shifted by one row).
      indices.withUnsafeBufferPointer { indices in
        scales.withUnsafeBufferPointer { scales in
          let shifted = indices.map { $0 - 1 }
          shifted.withUnsafeBufferPointer { shifted in
            let parts = [VectorKernels.ScaledRows(rows: base, indices: indices.baseAddress!, scales: scales.baseAddress!, count: 5),
                         VectorKernels.ScaledRows(rows: base + width, indices: shifted.baseAddress! + 5, scales: scales.baseAddress! + 5, count: 6),
                         VectorKernels.ScaledRows(rows: base, indices: indices.baseAddress! + 11, scales: scales.baseAddress! + 11, count: 6)]
            parts.withUnsafeBufferPointer { parts in
              inParts.withUnsafeMutableBufferPointer { y in VectorKernels.addScaledRows(parts, into: y.baseAddress!, width) }
            }
          }
        }
      }
    }
    #expect(held.map(\.bitPattern) == entryByEntry.map(\.bitPattern))
    #expect(inParts.map(\.bitPattern) == held.map(\.bitPattern))
    for k in 0..<width {
      var exact = Double(initial[k])
      for e in 0..<entries { exact += Double(scales[e]) * Double(rows[Int(indices[e]) * width + k]) }
      #expect(abs(Double(held[k]) - exact) <= 1e-5 * Double(entries + 1))
    }
  }

  @Test("The forward pass's decay-then-rows equals scale followed by adding row after row, bit for bit",
        arguments: [1, 7, 8, 20, 50, 100, 200, 203])
  func scaleThenAddEqualsRowByRow(_ width: Int) {
    var generator = SeededGenerator(seed: UInt64(width), stream: "scale then add test")
    let rowCount = 25
    let first = (0..<(rowCount * width)).map { _ in Float(generator.uniform(-1, 1)) }
    let second = (0..<(rowCount * width)).map { _ in Float(generator.uniform(-1, 1)) }
    // Row offsets in elements, a row repeated (an input that fired twice), in index order.
    let firstRows: [Int32] = [0, 3, 3, 7, 11, 24].map { Int32($0 * width) }
    let secondRows: [Int32] = [1, 2, 9, 20].map { Int32($0 * width) }
    let initial = (0..<width).map { _ in Float(generator.uniform(-1, 1)) }
    let decay: Float = 0.8187
    var fused = initial, rowByRow = initial
    first.withUnsafeBufferPointer { first in
      second.withUnsafeBufferPointer { second in
        firstRows.withUnsafeBufferPointer { firstRows in
          secondRows.withUnsafeBufferPointer { secondRows in
            fused.withUnsafeMutableBufferPointer { y in
              VectorKernels.scaleThenAdd(first.baseAddress, rows: firstRows, then: second.baseAddress, rows: secondRows,
                                         into: y.baseAddress!, scale: decay, width)
            }
          }
        }
        rowByRow.withUnsafeMutableBufferPointer { y in
          VectorKernels.scale(y.baseAddress!, by: decay, width)
          for row in firstRows { VectorKernels.add(first.baseAddress! + Int(row), into: y.baseAddress!, width) }
          for row in secondRows { VectorKernels.add(second.baseAddress! + Int(row), into: y.baseAddress!, width) }
        }
      }
    }
    #expect(fused.map(\.bitPattern) == rowByRow.map(\.bitPattern))
    // Without a second set of rows, the dispatched form (AVX2 where the CPU has it) against Swift's.
    var dispatched = initial, swift = initial
    first.withUnsafeBufferPointer { first in
      firstRows.withUnsafeBufferPointer { rows in
        dispatched.withUnsafeMutableBufferPointer { y in
          VectorKernels.scaleThenAdd(first.baseAddress, rows: rows, then: nil, rows: .init(start: nil, count: 0),
                                     into: y.baseAddress!, scale: decay, width)
        }
        swift.withUnsafeMutableBufferPointer { y in
          VectorKernels.scaleThenAddInSwift(first.baseAddress, rows: rows, then: nil, rows: .init(start: nil, count: 0),
                                            into: y.baseAddress!, scale: decay, width)
        }
      }
    }
    #expect(dispatched.map(\.bitPattern) == swift.map(\.bitPattern))
    var exact = initial.map { Double(decay) * Double($0) }
    for row in firstRows { for k in 0..<width { exact[k] += Double(first[Int(row) + k]) } }
    for row in secondRows { for k in 0..<width { exact[k] += Double(second[Int(row) + k]) } }
    for k in 0..<width { #expect(abs(Double(fused[k]) - exact[k]) <= 1e-5 * 12) }
  }

  @Test("Active steps list each input's activity latest first, with its step's dI row and value")
  func activeStepsTranspose() {
    // Step t's active inputs (index, value); input 9 is beyond the layer's 8 inputs and skipped.
    let activity: [[(Int, Float)]] = [[(0, 1), (3, 2)], [], [(3, 1), (9, 1), (5, 0.5)], [(0, 3)], [(7, 1)]]
    let steps = activity.count
    let listing = ActiveSteps()
    for _ in 0..<2 {   // a second fill reuses the storage and gives the same lists
      listing.fill(inputs: 8, steps: steps, total: activity.joined().count, listing: nil) { t, visit in
        for (input, value) in activity[t] { visit(input, value) }
      }
      func entries(_ i: Int) -> [String] { listing.range(of: i).map { "\(listing.current[$0]):\(listing.scale[$0])" } }
      // The last step's activity has no later dI, so it is left out; dI rows are one step later.
      #expect(entries(0) == ["4:3.0", "1:1.0"])
      #expect(entries(3) == ["3:1.0", "1:2.0"])
      #expect(entries(5) == ["3:0.5"])
      #expect(entries(7) == [])
    }
  }

  @Test("Transposed recurrent products: four samples at once, one at a time and a scalar chain per element agree bit for bit",
        arguments: [1, 5, 8, 20, 50, 100, 200])
  func transposedProducts(_ n: Int) {
    var generator = SeededGenerator(seed: UInt64(n), stream: "transposed products test")
    let padding = VectorKernels.ProductLane.scalarCount
    // Vᵀ with one vector of padding after it (NaN: lanes read past the end must not reach the outputs).
    let transposed = (0..<(n * n)).map { _ in Float(generator.uniform(-1, 1)) } + [Float](repeating: .nan, count: padding)
    // Four samples' dI and dS, flat: sample s at s·n and s·stride (dS rows with spare room after them).
    let stride = n + 3
    let x = (0..<(4 * n)).map { _ in Float(generator.uniform(-1, 1)) }
    let initial = (0..<(4 * stride)).map { _ in Float(generator.uniform(-1, 1)) }
    var four = initial, single = initial
    transposed.withUnsafeBufferPointer { t in
      x.withUnsafeBufferPointer { x in
        let t = t.baseAddress!, x = x.baseAddress!
        four.withUnsafeMutableBufferPointer { y in
          let y = y.baseAddress!
          VectorKernels.addTransposedProducts4(t, n, .init(p0: x, p1: x + n, p2: x + 2 * n, p3: x + 3 * n),
                                               into: .init(p0: y, p1: y + stride, p2: y + 2 * stride, p3: y + 3 * stride))
        }
        single.withUnsafeMutableBufferPointer { y in
          for s in 0..<4 { VectorKernels.addTransposedProducts(t, n, x + s * n, into: y.baseAddress! + s * stride) }
        }
      }
    }
    var chain = initial
    for s in 0..<4 {
      for r in 0..<n {
        var a: Float = 0
        for k in 0..<n { a = VectorKernels.multiplyAdd(a, x[s * n + k], transposed[k * n + r]) }
        chain[s * stride + r] += a
      }
    }
    #expect(four.map(\.bitPattern) == chain.map(\.bitPattern))
    #expect(single.map(\.bitPattern) == chain.map(\.bitPattern))
    // The products are right: dS[r] += Σ_k V[r][k]·dI[k] with V[r][k] = Vᵀ[k][r].
    for s in 0..<4 {
      for r in 0..<n {
        var exact = Double(initial[s * stride + r])
        for k in 0..<n { exact += Double(transposed[k * n + r]) * Double(x[s * n + k]) }
        #expect(abs(Double(four[s * stride + r]) - exact) <= 1e-5 * Double(n + 1))
      }
    }
  }

  @Test("A spike mask's lane bits and the packed lanes list exactly the lanes that are set, for all 256 masks")
  func laneBitsOfEveryMask() {
    var wrong: [Int] = []
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    let packedLanes = ActiveNeurons.packedLanes, laneCounts = ActiveNeurons.laneCounts
    for mask in 0..<256 {
      let fired = (SIMD8<Int32>(repeating: Int32(mask)) &>> lanes) & 1 .== 1
      let set = (0..<8).filter { mask & (1 << $0) != 0 }
      let packed = packedLanes[mask]
      if ActiveNeurons.laneBits(of: fired) != mask || Int(laneCounts[mask]) != set.count
        || set.indices.contains(where: { packed[$0] != UInt16(set[$0]) }) {
        wrong.append(mask)
      }
    }
    #expect(wrong.isEmpty, "masks listed wrongly: \(wrong)")
  }
}
