import Foundation
import SpikeTraining
import SpikelineSupport

/// `spikeline bench gemm`: the speed of the training matrix products, beside the machine's peak.
struct BenchGEMMCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "gemm",
    abstract: "GFLOP/s of the training matrix products for the shapes brain-inspired replay uses.",
    discussion: """
      Times GEMM (packed, cache-blocked, register-tiled) on the products of one BI-R training step — batch 128 \
      through 784 → 400 → 400 (forward, A·B), the weight gradients (Aᵀ·B) and the input gradients (A·Bᵀ) — \
      and prints GFLOP/s per shape beside the machine's peak for the instruction set this build targets, \
      measured: the micro-kernel alone, on data in L1 cache, one thread (the clock /proc/cpuinfo reports is \
      printed too; virtual machines often report the base clock, not the boost clock the kernel runs at). \
      Then, on one thread, the matrix–vector products of spiking training's backward pass for the SpikingLR \
      network's shapes, beside one matrix small enough to stay in the L1 cache. \
      The default build picks the widest micro-kernel the CPU supports at run time (AVX-512F, AVX2, or the \
      build's own Swift kernel; SPIKELINE_KERNELS=portable|avx2|avx512 picks another), all giving the same \
      bits. CPU-specific builds are opt-in: see README. \
      Refuses debug builds unless --allow-debug.
      """,
    options: [
      .value("--threads", "<n>", "Threads (default: SPIKELINE_THREADS or every core)."),
      .value("--batch", "<n>", "Rows of a mini-batch.", default: "128"),
      .value("--seconds", "<s>", "Minimum time per shape.", default: "0.3"),
      .flag("--json", "Print one JSON object."),
      .flag("--allow-debug", "Run even in a debug build (timings are then meaningless)."),
    ])

  struct Shape: Encodable {
    var name: String
    var m: Int, n: Int, k: Int
    var gflops: Double
    var secondsPerProduct: Double
  }

  struct Report: Encodable {
    var processor: ProcessorInfo
    var instructionSet: String
    var lanes: Int
    var fusedMultiplyAdd: Bool
    /// The micro-kernel the products ran on (`GEMM.Kernel`), and its vector lanes.
    var kernel: String
    var kernelLanes: Int
    var threads: Int
    var microKernelGflopsPerThread: Double
    var shapes: [Shape]
    var matrixVector: [MatrixVectorBenchmark.Shape]
  }

  /// (name, m, n, k, A transposed, B transposed)
  static func shapes(batch: Int) -> [(String, Int, Int, Int, Bool, Bool)] {
    [("forward x·W  784→400", batch, 400, 784, false, false),
     ("forward x·W  400→400", batch, 400, 400, false, false),
     ("decoder x·W  400→784", batch, 784, 400, false, false),
     ("weight grad  xᵀ·dY 784×400", 784, 400, batch, true, false),
     ("weight grad  xᵀ·dY 400×400", 400, 400, batch, true, false),
     ("input grad   dY·Wᵀ 400→784", batch, 784, 400, false, true),
     ("input grad   dY·Wᵀ 400→400", batch, 400, 400, false, true)]
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    if isDebugBuild && !arguments.flag("--allow-debug") {
      throw SpikelineError(.unsupported, "benchmarks need a release build: run 'swift build -c release' and use .build/release/spikeline (or pass --allow-debug)")
    }
    let threads = try applyThreadsOption(arguments) ?? DeterministicParallel.threadCount
    let batch = try arguments.int("--batch", default: 128, in: 1...100_000)
    let minimum = try arguments.double("--seconds", default: 0.3, in: 0.001...600)
    let isa = GEMM.instructionSet
    let processor = ProcessorInfo.current
    let progress = io.progress("timing \(shapes(batch: batch).count) products on \(threads) threads", total: shapes(batch: batch).count + 2)
    let active = GEMM.Kernel.active
    let kernel = GEMM.microKernelThroughput(seconds: minimum, kernel: active) / 1e9
    progress.advance(by: 1)
    var results: [Shape] = []
    var generator = SeededGenerator(seed: 1, stream: "bench gemm")
    for (name, m, n, k, transposeA, transposeB) in shapes(batch: batch) {
      let a = (0..<(m * k)).map { _ in Float(generator.uniform(-1, 1)) }
      let b = (0..<(k * n)).map { _ in Float(generator.uniform(-1, 1)) }
      var c = [Float](repeating: 0, count: m * n)
      var products = 0
      let start = Date()
      var elapsed = 0.0
      a.withUnsafeBufferPointer { aBuffer in
        b.withUnsafeBufferPointer { bBuffer in
          c.withUnsafeMutableBufferPointer { cBuffer in
            // A is stored m×k (or k×m when transposed), B k×n (or n×k).
            let opA: GEMM.Operand = transposeA ? .transposed(aBuffer.baseAddress!, columns: m) : .rowMajor(aBuffer.baseAddress!, columns: k)
            let opB: GEMM.Operand = transposeB ? .transposed(bBuffer.baseAddress!, columns: k) : .rowMajor(bBuffer.baseAddress!, columns: n)
            repeat {
              GEMM.multiply(m: m, n: n, k: k, opA, opB, into: cBuffer.baseAddress!, ldc: n, accumulate: false, threads: threads)
              products += 1
              elapsed = Date().timeIntervalSince(start)
            } while elapsed < minimum
          }
        }
      }
      let seconds = elapsed / Double(products)
      results.append(Shape(name: name, m: m, n: n, k: k, gflops: 2 * Double(m * n * k) / seconds / 1e9, secondsPerProduct: seconds))
      progress.advance(by: 1)
    }
    let matrixVector = MatrixVectorBenchmark.run(seconds: minimum)
    progress.advance(by: 1)
    progress.finish()
    let report = Report(processor: processor, instructionSet: isa.name, lanes: isa.lanes, fusedMultiplyAdd: isa.fusedMultiplyAdd,
                        kernel: active.rawValue, kernelLanes: active.lanes, threads: threads,
                        microKernelGflopsPerThread: kernel, shapes: results, matrixVector: matrixVector)
    if arguments.flag("--json") {
      try io.printJSON(report)
      return
    }
    func f(_ x: Double) -> String { String(format: "%.1f", x) }
    io.print("GEMM, \(threads) thread\(threads == 1 ? "" : "s"); build: \(isa.name), \(isa.lanes) lanes; CPU: \(processor.model ?? "unknown")")
    io.print("  micro-kernel: \(active)")
    let clock = processor.clockHertz.map { ", reported clock \(f($0 / 1e9)) GHz" } ?? ""
    io.print("  peak (micro-kernel, data in L1)  \(f(kernel)) GFLOP/s per thread\(clock)")
    io.print("  shape                          m     n     k   GFLOP/s   ms/product")
    for s in results {
      io.print("  " + s.name.padding(toLength: 28, withPad: " ", startingAt: 0)
               + String(format: "%5d %5d %5d %9.1f %12.3f", s.m, s.n, s.k, s.gflops, s.secondsPerProduct * 1e3))
    }
    io.print("Spiking backward matrix–vector products, 1 thread (\(MatrixVectorBenchmark.lanes) lanes)")
    io.print("  shape                                GFLOP/s")
    for s in matrixVector {
      io.print("  " + s.name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%7.1f", s.gflops))
    }
  }
}
