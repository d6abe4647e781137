// This file imports XCTest and SpikeTesting only (no `import Testing`): that it compiles is part of
// the test, since a user's XCTest file must not need Swift Testing's macros.
import XCTest
import SpikeCore
import SpikeTesting

/// Under XCTest a failed expectation must fail the test case. `recordFailure` is overridden to
/// capture failures (so the expected ones do not fail this suite) and to let the checks see them.
final class SpikeTestingXCTests: XCTestCase {
  private var captured: [String] = []
  private var capturing = false

  override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool) {
    if capturing { captured.append("\(URL(fileURLWithPath: filePath).lastPathComponent):\(lineNumber): \(description)"); return }
    super.recordFailure(withDescription: description, inFile: filePath, atLine: lineNumber, expected: expected)
  }

  private func failures(_ body: () -> Void) -> [String] {
    captured = []
    capturing = true
    body()
    capturing = false
    return captured
  }

  private func run() throws -> (SpikeTestResult, PopulationID) {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [[0.001, 0.002]])
    let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.01))
    bench.connect(input, to: cell, weight: 0.6, delay: 0.0015)
    return (try bench.runContinuous(until: 0.05), cell)
  }

  func testPassingExpectationsRecordNothing() throws {
    let (run, cell) = try run()
    let found = failures {
      expectSpikes(run, of: cell, at: [0.0035])
      expectSpike(run, of: cell, at: 0.0035)
      expectSpikeCount(run, of: cell, in: 1...1)
    }
    XCTAssertEqual(found, [])
  }

  func testWrongExpectationFailsTheTestCaseAtTheCallersLine() throws {
    let (run, cell) = try run()
    let line = #line + 1
    let found = failures { expectSpikes(run, of: cell, at: [0.005]) }
    XCTAssertEqual(found.count, 1, "\(found)")
    XCTAssertTrue(found.first?.hasPrefix("SpikeTestingXCTests.swift:\(line): ") ?? false, "\(found)")
    XCTAssertTrue(found.first?.contains("1 missing, 1 unexpected") ?? false, "\(found)")
  }

  func testEveryHelperFailsUnderXCTest() throws {
    let (run, cell) = try run()
    let found = failures {
      expectFirstSpike(run, of: cell, at: 0.004)
      expectSpike(run, of: cell, at: 0.01)
      expectSpikeTicks(run, of: cell, at: [3])
      expectSpikeCount(run, of: cell, in: 2...3)
      expectFiringRate(run, of: cell, in: 100...200)
      expectSilence(run, of: cell)
      expectMembranePotential(run, of: cell, at: 0.001, is: 0)
    }
    XCTAssertEqual(found.count, 7, found.joined(separator: "\n"))
  }
}
