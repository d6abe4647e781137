/// The recurrent spike gradient dS += V·dI of 16-lane builds, from the transposed matrix: dS[r] +=
/// Σ_k dI[k]·Vᵀ[k][r], each element summed k = 0, 1, … in one chain of multiply-adds and then added to
/// dS. No horizontal sums, and four samples share every load of Vᵀ. Every element gets the same
/// operations whichever block of rows or group of samples computes it, so results do not depend on
/// how samples are grouped.
extension VectorKernels {
  /// Four vectors (or four outputs) of one lockstep group, without an array's reference count.
  struct Four<Pointer> {
    var p0, p1, p2, p3: Pointer
  }

  /// y_s[r] += Σ_k x_s[k]·t[k·n + r] for r in 0..<n and the four samples s, with `t` = Vᵀ (n × n,
  /// followed by `ProductLane.scalarCount` readable floats: see `addTransposedTail`).
  @inline(__always)
  static func addTransposedProducts4(_ t: UnsafePointer<Float>, _ n: Int, _ x: Four<UnsafePointer<Float>>,
                                     into y: Four<UnsafeMutablePointer<Float>>) {
    let w = ProductLane.scalarCount
    var r = 0
    // Four vectors of columns for the four samples: 16 chains, each load of Vᵀ feeding four of them.
    while r &+ 4 &* w <= n {
      let zero = ProductLane(repeating: 0)
      var a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero
      var c0 = zero, c1 = zero, c2 = zero, c3 = zero, d0 = zero, d1 = zero, d2 = zero, d3 = zero
      for k in 0..<n {
        let row = t + (k &* n &+ r)
        let v0 = loadLane(row), v1 = loadLane(row + w), v2 = loadLane(row + 2 &* w), v3 = loadLane(row + 3 &* w)
        let xa = ProductLane(repeating: x.p0[k]), xb = ProductLane(repeating: x.p1[k])
        let xc = ProductLane(repeating: x.p2[k]), xd = ProductLane(repeating: x.p3[k])
        a0 = multiplyAdd(a0, xa, v0); a1 = multiplyAdd(a1, xa, v1); a2 = multiplyAdd(a2, xa, v2); a3 = multiplyAdd(a3, xa, v3)
        b0 = multiplyAdd(b0, xb, v0); b1 = multiplyAdd(b1, xb, v1); b2 = multiplyAdd(b2, xb, v2); b3 = multiplyAdd(b3, xb, v3)
        c0 = multiplyAdd(c0, xc, v0); c1 = multiplyAdd(c1, xc, v1); c2 = multiplyAdd(c2, xc, v2); c3 = multiplyAdd(c3, xc, v3)
        d0 = multiplyAdd(d0, xd, v0); d1 = multiplyAdd(d1, xd, v1); d2 = multiplyAdd(d2, xd, v2); d3 = multiplyAdd(d3, xd, v3)
      }
      @inline(__always) func add(_ s0: ProductLane, _ s1: ProductLane, _ s2: ProductLane, _ s3: ProductLane, _ y: UnsafeMutablePointer<Float>) {
        addLane(s0, y + r); addLane(s1, y + r + w); addLane(s2, y + r + 2 &* w); addLane(s3, y + r + 3 &* w)
      }
      add(a0, a1, a2, a3, y.p0); add(b0, b1, b2, b3, y.p1); add(c0, c1, c2, c3, y.p2); add(d0, d1, d2, d3, y.p3)
      r &+= 4 &* w
    }
    while r &+ 2 &* w <= n {
      let zero = ProductLane(repeating: 0)
      var a0 = zero, a1 = zero, b0 = zero, b1 = zero, c0 = zero, c1 = zero, d0 = zero, d1 = zero
      for k in 0..<n {
        let row = t + (k &* n &+ r)
        let v0 = loadLane(row), v1 = loadLane(row + w)
        let xa = ProductLane(repeating: x.p0[k]), xb = ProductLane(repeating: x.p1[k])
        let xc = ProductLane(repeating: x.p2[k]), xd = ProductLane(repeating: x.p3[k])
        a0 = multiplyAdd(a0, xa, v0); a1 = multiplyAdd(a1, xa, v1)
        b0 = multiplyAdd(b0, xb, v0); b1 = multiplyAdd(b1, xb, v1)
        c0 = multiplyAdd(c0, xc, v0); c1 = multiplyAdd(c1, xc, v1)
        d0 = multiplyAdd(d0, xd, v0); d1 = multiplyAdd(d1, xd, v1)
      }
      addLane(a0, y.p0 + r); addLane(a1, y.p0 + r + w); addLane(b0, y.p1 + r); addLane(b1, y.p1 + r + w)
      addLane(c0, y.p2 + r); addLane(c1, y.p2 + r + w); addLane(d0, y.p3 + r); addLane(d1, y.p3 + r + w)
      r &+= 2 &* w
    }
    addTransposedTail4(t, n, from: r, x, into: y)
  }

  /// Rows `from`..<n of `addTransposedProducts4`: `addTransposedTail` for the four samples at once,
  /// so that their four chains of multiply-adds overlap instead of running one after another (the
  /// tail is 8 of 200 rows, 4 of 100 and 18 of 50, but each of its vectors costs a whole chain of n).
  @inline(__always)
  static func addTransposedTail4(_ t: UnsafePointer<Float>, _ n: Int, from first: Int, _ x: Four<UnsafePointer<Float>>,
                                 into y: Four<UnsafeMutablePointer<Float>>) {
    let w = ProductLane.scalarCount
    var r = first
    while r < n {
      let zero = ProductLane(repeating: 0)
      var a = zero, b = zero, c = zero, d = zero
      for k in 0..<n {
        let v = loadLane(t + (k &* n &+ r))
        a = multiplyAdd(a, ProductLane(repeating: x.p0[k]), v); b = multiplyAdd(b, ProductLane(repeating: x.p1[k]), v)
        c = multiplyAdd(c, ProductLane(repeating: x.p2[k]), v); d = multiplyAdd(d, ProductLane(repeating: x.p3[k]), v)
      }
      let lanes = min(w, n &- r)
      addLanes(a, y.p0 + r, lanes); addLanes(b, y.p1 + r, lanes); addLanes(c, y.p2 + r, lanes); addLanes(d, y.p3 + r, lanes)
      r &+= w
    }
  }

  /// y[r] += Σ_k x[k]·t[k·n + r] for r in 0..<n: one sample, the same operations per element as
  /// `addTransposedProducts4`.
  @inline(__always)
  static func addTransposedProducts(_ t: UnsafePointer<Float>, _ n: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
    let w = ProductLane.scalarCount
    var r = 0
    while r &+ 4 &* w <= n {
      let zero = ProductLane(repeating: 0)
      var a0 = zero, a1 = zero, a2 = zero, a3 = zero
      for k in 0..<n {
        let row = t + (k &* n &+ r)
        let xk = ProductLane(repeating: x[k])
        a0 = multiplyAdd(a0, xk, loadLane(row)); a1 = multiplyAdd(a1, xk, loadLane(row + w))
        a2 = multiplyAdd(a2, xk, loadLane(row + 2 * w)); a3 = multiplyAdd(a3, xk, loadLane(row + 3 * w))
      }
      addLane(a0, y + r); addLane(a1, y + r + w); addLane(a2, y + r + 2 * w); addLane(a3, y + r + 3 * w)
      r &+= 4 &* w
    }
    addTransposedTail(t, n, from: r, x, into: y)
  }

  /// Rows `from`..<n of `addTransposedProducts`, a vector at a time; the last vector may reach past
  /// row n − 1 of `t` (which must have `ProductLane.scalarCount` readable floats after its end), and
  /// only its lanes below n are added to y.
  @inline(__always)
  static func addTransposedTail(_ t: UnsafePointer<Float>, _ n: Int, from first: Int, _ x: UnsafePointer<Float>,
                                into y: UnsafeMutablePointer<Float>) {
    let w = ProductLane.scalarCount
    var r = first
    while r < n {
      var a = ProductLane(repeating: 0)
      for k in 0..<n {
        a = multiplyAdd(a, ProductLane(repeating: x[k]), loadLane(t + (k &* n &+ r)))
      }
      addLanes(a, y + r, min(w, n &- r))
      r &+= w
    }
  }

  /// One vector of floats at `p`.
  @inline(__always)
  static func loadLane(_ p: UnsafePointer<Float>) -> ProductLane { UnsafeRawPointer(p).loadUnaligned(as: ProductLane.self) }

  /// The first `lanes` floats at `p` += those of v (all of them as one vector when `lanes` is a whole vector).
  @inline(__always)
  static func addLanes(_ v: ProductLane, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
    if lanes == ProductLane.scalarCount {
      addLane(v, p)
    } else {
      for lane in 0..<lanes { p[lane] += v[lane] }
    }
  }

  /// The vector at `p` += v.
  @inline(__always)
  static func addLane(_ v: ProductLane, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: UnsafeRawPointer(p).loadUnaligned(as: ProductLane.self) + v, as: ProductLane.self)
  }
}
