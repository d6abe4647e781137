extension GEMM {
  /// Packs columns `firstColumn ..< firstColumn + columns` of a depth-`depth` block of B into one panel:
  /// `width` values per k (the kernel's `columnsPerTile`), columns past the edge set to zero.
  @inline(__always)
  static func packPanelOfB(_ b: Operand, depth: Int, firstColumn: Int, columns: Int, width nr: Int,
                           into panel: UnsafeMutablePointer<Float>) {
    if b.columnStride == 1 && columns == nr && nr % 4 == 0 {
      // A full panel: each step's `nr` values copied four at a time, without a call per step.
      for p in 0..<depth {
        let source = UnsafeRawPointer(b.base + p * b.rowStride + firstColumn), destination = UnsafeMutableRawPointer(panel + p * nr)
        var offset = 0
        while offset < nr * 4 {
          destination.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self), toByteOffset: offset,
                                 as: SIMD4<Float>.self)
          offset += 16
        }
      }
    } else if b.columnStride == 1 {
      for p in 0..<depth {
        let source = b.base + p * b.rowStride + firstColumn
        let destination = panel + p * nr
        destination.update(from: source, count: columns)
        if columns < nr { (destination + columns).update(repeating: 0, count: nr - columns) }
      }
    } else {
      // Transposed B: each column is contiguous in memory; read it along k.
      if columns < nr { for p in 0..<depth { (panel + p * nr + columns).update(repeating: 0, count: nr - columns) } }
      for j in 0..<columns {
        let source = b.base + (firstColumn + j) * b.columnStride
        var p = 0
        while p < depth { panel[p * nr + j] = source[p * b.rowStride]; p += 1 }
      }
    }
  }

  /// Packs rows `firstRow ..< firstRow + rows` of a depth-`depth` block of A as consecutive slivers of
  /// `rowsPerTile` rows (sliver s at `packed + s·rowsPerTile·depth`): within a sliver, `rowsPerTile`
  /// values per k; rows past the edge set to zero. A sliver with enough all-zero steps (ReLU outputs,
  /// blank pixels) is compacted to its non-zero steps, listed in `lists + s·depth`.
  @inline(__always)
  static func packRowsOfA(_ a: Operand, depth: Int, firstRow: Int, rows: Int, into packed: UnsafeMutablePointer<Float>,
                          lists: UnsafeMutablePointer<Int32>, slivers: UnsafeMutablePointer<PackedSliver>) {
    let mr = rowsPerTile
    var ir = 0, s = 0
    while ir < rows {
      let height = min(mr, rows - ir)
      let sliver = packed + ir * depth
      if height < mr { for p in 0..<depth { (sliver + p * mr + height).update(repeating: 0, count: mr - height) } }
      if a.columnStride == 1 && height == mr {
        // Six rows read side by side, so the sliver is written in order (one pass, not one per row).
        let r0 = a.base + (firstRow + ir) * a.rowStride, r1 = r0 + a.rowStride, r2 = r1 + a.rowStride
        let r3 = r2 + a.rowStride, r4 = r3 + a.rowStride, r5 = r4 + a.rowStride
        for p in 0..<depth {
          let v = sliver + p * mr
          v[0] = r0[p]; v[1] = r1[p]; v[2] = r2[p]; v[3] = r3[p]; v[4] = r4[p]; v[5] = r5[p]
        }
      } else if a.columnStride == 1 {
        for r in 0..<height {
          let source = a.base + (firstRow + ir + r) * a.rowStride
          for p in 0..<depth { sliver[p * mr + r] = source[p] }
        }
      } else if a.rowStride == 1 && height == mr {
        // Transposed A: a sliver's six values at step p are six adjacent floats, copied as one piece.
        for p in 0..<depth {
          let source = a.base + p * a.columnStride + firstRow + ir, v = sliver + p * mr
          v[0] = source[0]; v[1] = source[1]; v[2] = source[2]; v[3] = source[3]; v[4] = source[4]; v[5] = source[5]
        }
      } else {
        // Transposed A: consecutive rows are adjacent in memory.
        for p in 0..<depth {
          let source = a.base + p * a.columnStride + (firstRow + ir) * a.rowStride
          for r in 0..<height { sliver[p * mr + r] = source[r * a.rowStride] }
        }
      }
      slivers[s] = compact(sliver, depth: depth, list: lists + s * depth)
      ir += mr
      s += 1
    }
  }

  /// Drops the all-zero steps of a packed sliver in place when at least an eighth of them are zero.
  @inline(__always)
  static func compact(_ sliver: UnsafeMutablePointer<Float>, depth: Int, list: UnsafeMutablePointer<Int32>) -> PackedSliver {
    let mr = rowsPerTile
    var kept = 0
    for p in 0..<depth {
      let v = sliver + p * mr
      if v[0] != 0 || v[1] != 0 || v[2] != 0 || v[3] != 0 || v[4] != 0 || v[5] != 0 { list[kept] = Int32(p); kept += 1 }
    }
    guard kept * 8 <= depth * 7 else { return PackedSliver(values: UnsafePointer(sliver), count: depth, nonZeroSteps: nil) }
    for q in 0..<kept {
      let p = Int(list[q])
      if p != q { (sliver + q * mr).update(from: sliver + p * mr, count: mr) }
    }
    return PackedSliver(values: UnsafePointer(sliver), count: kept, nonZeroSteps: UnsafePointer(list))
  }
}

/// One packed sliver of A: `count` steps of `GEMM.rowsPerTile` values, either every step of the block
/// or only those listed in `nonZeroSteps`.
struct PackedSliver {
  var values: UnsafePointer<Float>
  var count: Int
  var nonZeroSteps: UnsafePointer<Int32>?
}
