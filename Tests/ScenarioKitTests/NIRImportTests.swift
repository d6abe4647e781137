import Foundation
import Testing
import SpikeCore
import SpikeData
import SpikelineSupport
import SpikeTraining
@testable import ScenarioKit

/// NIR graphs (the bundled fixtures, written by `nir.write`) imported as scenarios and run in chip
/// time, against a reference written here from NIR's equations with snnTorch's discretisation.
@Suite struct NIRImportTests {
  static let fixtures = packageRoot + "/Tests/Fixtures/nir"

  func run(_ file: String, input: [[Int]], ticks: Int) throws -> (NetworkScenario, SimulationResult) {
    try run(graph: try NIRGraph.read(path: Self.fixtures + "/" + file), input: input, ticks: ticks)
  }

  /// Imports `graph` as a scenario and runs it on `input` spike ticks.
  func run(graph: NIRGraph, input: [[Int]], ticks: Int, continuous: Bool = false) throws -> (NetworkScenario, SimulationResult) {
    var options = NIRScenarioBuilder.Options()
    options.inputSpikeTicks = input
    options.ticks = ticks
    options.continuous = continuous
    let json = try JSONOutput.string(try NIRScenarioBuilder.scenario(graph, options: options))
    let scenario = try ScenarioLoader.parse(Array(json.utf8), file: "graph.nir")
    guard case .network(let body) = scenario.body else { throw SpikelineError(.invalidInput, "not a network scenario") }
    return (body, try NetworkScenarioRunner.run(scenario, body).result)
  }

  /// Spike ticks of a discrete LIF layer: v ← β·v + Σ w·x[t − 1]; spike at v ≥ θ; reset to 0.
  func reference(weights: NIRMatrix, inputs: [[Bool]], beta: Double, threshold: Double = 1, current alpha: Double? = nil,
                 recurrent: NIRMatrix? = nil, bias: [Double]? = nil) -> [[Bool]] {
    var v = [Double](repeating: 0, count: weights.rows), i = v
    var spikes: [[Bool]] = []
    for t in inputs.indices {
      var drive = [Double](repeating: 0, count: weights.rows)
      if t > 0 {
        for n in 0..<weights.rows {
          for s in 0..<weights.columns where inputs[t - 1][s] { drive[n] += weights[n, s] }
          if let recurrent { for s in 0..<recurrent.columns where spikes[t - 1][s] { drive[n] += recurrent[n, s] } }
          if let bias { drive[n] += bias[n] }
        }
      }
      var row = [Bool](repeating: false, count: weights.rows)
      for n in 0..<weights.rows {
        if let alpha { i[n] = alpha * i[n] + drive[n]; v[n] = beta * v[n] + i[n] } else { v[n] = beta * v[n] + drive[n] }
        if v[n] >= threshold { row[n] = true; v[n] = 0 }
      }
      spikes.append(row)
    }
    return spikes
  }

  func inputs(channels: Int, ticks: Int, seed: UInt64) -> (ticks: [[Int]], grid: [[Bool]]) {
    var generator = SeededGenerator(seed: seed)
    var grid = [[Bool]](repeating: [Bool](repeating: false, count: channels), count: ticks)
    var lists = [[Int]](repeating: [], count: channels)
    for t in 0..<ticks { for c in 0..<channels where generator.nextUnitDouble() < 0.3 { grid[t][c] = true; lists[c].append(t) } }
    return (lists, grid)
  }

  func grid(_ result: SimulationResult, _ population: PopulationID, size: Int, ticks: Int) -> [[Bool]] {
    var grid = [[Bool]](repeating: [Bool](repeating: false, count: size), count: ticks)
    let spikes = result.spikes(of: population)
    for n in 0..<size { for t in spikes.ticks(of: n) { grid[t][n] = true } }
    return grid
  }

  @Test("A feed-forward LIF graph (Affine, LIF, Linear, LIF) spikes as its equations say, one tick per layer")
  func feedforward() throws {
    let ticks = 60
    let input = inputs(channels: 4, ticks: ticks, seed: 2)
    let (body, result) = try run("feedforward.nir", input: input.ticks, ticks: ticks)
    let graph = try NIRGraph.read(path: Self.fixtures + "/feedforward.nir")
    guard case .affine(let w1, _)? = graph.nodes["fc1"], case .linear(let w2)? = graph.nodes["fc2"] else { Issue.record("fixture nodes"); return }
    let beta = Double(1 - Float(1e-3) / Float(0.01))
    let layer1 = reference(weights: w1, inputs: input.grid, beta: beta)
    let layer2 = reference(weights: w2, inputs: layer1, beta: beta)
    let lif1 = try #require(body.network.population(named: "lif1")), lif2 = try #require(body.network.population(named: "lif2"))
    #expect(grid(result, lif1, size: 3, ticks: ticks) == layer1)
    #expect(grid(result, lif2, size: 2, ticks: ticks) == layer2)
    #expect(layer1.joined().contains(true) && layer2.joined().contains(true), "the fixture should make both layers spike")
  }

  @Test("A recurrent CubaLIF graph (a Linear edge from the layer back to itself) matches its equations")
  func recurrentCuba() throws {
    let ticks = 60
    let input = inputs(channels: 3, ticks: ticks, seed: 4)
    let (body, result) = try run("recurrent-cuba.nir", input: input.ticks, ticks: ticks)
    let graph = try NIRGraph.read(path: Self.fixtures + "/recurrent-cuba.nir")
    guard case .linear(let w)? = graph.nodes["fc"], case .linear(let rec)? = graph.nodes["rec"] else { Issue.record("fixture nodes"); return }
    let expected = reference(weights: w, inputs: input.grid, beta: 0.9, current: 0.8, recurrent: rec)
    let cuba = try #require(body.network.population(named: "cuba"))
    #expect(grid(result, cuba, size: 4, ticks: ticks) == expected)
    #expect(expected.joined().contains(true))
  }

  @Test("An Affine bias and a nested graph (snnTorch's RLeaky form) are spliced in and match the equations")
  func nestedWithBias() throws {
    let ticks = 60
    let input = inputs(channels: 3, ticks: ticks, seed: 6)
    let (body, result) = try run("nested-bias.nir", input: input.ticks, ticks: ticks)
    let graph = try NIRGraph.read(path: Self.fixtures + "/nested-bias.nir")
    guard case .affine(let w, let b)? = graph.nodes["fc"], case .graph(let rnn)? = graph.nodes["rnn"],
          case .linear(let v)? = rnn.nodes["rec"] else { Issue.record("fixture nodes"); return }
    let beta = Double(1 - Float(1e-3) / Float(0.01))
    let expected = reference(weights: w, inputs: input.grid, beta: beta, recurrent: v, bias: b)
    let layer = try #require(body.network.population(named: "rnn.lif"))
    #expect(grid(result, layer, size: 4, ticks: ticks) == expected)
    #expect(expected.joined().contains(true))
  }

  @Test("A convolutional graph (Conv2d with padding and bias, SumPool2d, Flatten, Linear) matches a direct computation")
  func convolutional() throws {
    let ticks = 40
    let input = inputs(channels: 36, ticks: ticks, seed: 12)
    let (body, result) = try run("convolutional.nir", input: input.ticks, ticks: ticks)
    let graph = try NIRGraph.read(path: Self.fixtures + "/convolutional.nir")
    guard case .convolution(let kernel, let shape, let bias, _, _, _, _, _)? = graph.nodes["conv"],
          case .linear(let dense)? = graph.nodes["fc"] else { Issue.record("fixture nodes"); return }
    #expect(shape == [2, 1, 3, 3])
    let beta = Double(1 - Float(1e-3) / Float(0.01))
    // Layer 1 by hand: a 3 × 3 convolution with zero padding 1 over the 6 × 6 input, plus the bias.
    var v1 = [Double](repeating: 0, count: 72), v2 = [Double](repeating: 0, count: 3)
    var s1 = [[Bool]](), s2 = [[Bool]]()
    for t in 0..<ticks {
      var drive1 = [Double](repeating: 0, count: 72), drive2 = [Double](repeating: 0, count: 3)
      if t > 0 {
        for o in 0..<2 {
          for y in 0..<6 {
            for x in 0..<6 {
              var sum = bias[o]
              for i in 0..<3 {
                for j in 0..<3 {
                  let (row, column) = (y + i - 1, x + j - 1)
                  if row >= 0 && row < 6 && column >= 0 && column < 6 && input.grid[t - 1][row * 6 + column] { sum += kernel[o * 9 + i * 3 + j] }
                }
              }
              drive1[o * 36 + y * 6 + x] = sum
            }
          }
        }
        for k in 0..<3 {
          for o in 0..<2 {
            for py in 0..<3 {
              for px in 0..<3 {
                var pooled = 0.0
                for a in 0..<2 { for b in 0..<2 where s1[t - 1][o * 36 + (2 * py + a) * 6 + 2 * px + b] { pooled += 1 } }
                drive2[k] += dense[k, o * 9 + py * 3 + px] * pooled
              }
            }
          }
        }
      }
      var row1 = [Bool](repeating: false, count: 72), row2 = [Bool](repeating: false, count: 3)
      for n in 0..<72 { v1[n] = beta * v1[n] + drive1[n]; if v1[n] >= 1 { row1[n] = true; v1[n] = 0 } }
      for n in 0..<3 { v2[n] = beta * v2[n] + drive2[n]; if v2[n] >= 1 { row2[n] = true; v2[n] = 0 } }
      s1.append(row1)
      s2.append(row2)
    }
    let lif1 = try #require(body.network.population(named: "lif1")), lif2 = try #require(body.network.population(named: "lif2"))
    #expect(grid(result, lif1, size: 72, ticks: ticks) == s1)
    #expect(grid(result, lif2, size: 3, ticks: ticks) == s2)
    #expect(s1.joined().contains(true) && s2.joined().contains(true))
  }

  @Test("IF (no leak) integrates exactly: 0.26 per input reaches threshold 1 at the 4th, so it spikes at ticks 4, 8, 12")
  func integrateAndFire() throws {
    let graph = NIRGraph(nodes: ["input": .input(shape: [1]), "w": .linear(weight: NIRMatrix(rows: 1, columns: 1, values: [0.26])),
                                 "if": .integrateAndFire(r: [1000], vReset: [0], vThreshold: [1]), "output": .output(shape: [1])],
                         edges: [("input", "w"), ("w", "if"), ("if", "output")])
    let (body, result) = try run(graph: graph, input: [Array(0..<13)], ticks: 14)
    let population = try #require(body.network.population(named: "if"))
    #expect(result.spikes(of: population).ticks(of: 0) == [4, 8, 12])
  }

  @Test("A Delay of 3 ticks adds to the projection's tick; a Threshold node spikes when its input reaches θ")
  func delayAndThreshold() throws {
    let graph = NIRGraph(nodes: ["input": .input(shape: [2]), "w": .linear(weight: NIRMatrix(rows: 2, columns: 2, values: [1, 0, 0, 0.4])),
                                 "d": .delay([0.003, 0.003]), "th": .threshold([0.5, 0.5]), "output": .output(shape: [2])],
                         edges: [("input", "w"), ("w", "d"), ("d", "th"), ("th", "output")])
    let (body, result) = try run(graph: graph, input: [[0], [0]], ticks: 10)
    let population = try #require(body.network.population(named: "th"))
    // Input 0 (weight 1 ≥ 0.5) arrives after 1 + 3 ticks; input 1 (0.4 < 0.5) never fires its neuron.
    #expect(result.spikes(of: population).ticks(of: 0) == [4])
    #expect(result.spikes(of: population).ticks(of: 1).isEmpty)
  }

  @Test("Continuous time runs NIR's equation exactly: two inputs 1 ms apart, each a jump of R·w/τ = 0.6, fire at the second")
  func continuousTime() throws {
    let graph = NIRGraph(nodes: ["input": .input(shape: [2]), "w": .linear(weight: NIRMatrix(rows: 2, columns: 2, values: [0.006, 0, 0, 0.006])),
                                 "lif": .lif(tau: [0.01, 0.01], r: [1, 1], vLeak: [0, 0], vReset: [0, 0], vThreshold: [1, 1]),
                                 "output": .output(shape: [2])],
                         edges: [("input", "w"), ("w", "lif"), ("lif", "output")])
    let (body, result) = try run(graph: graph, input: [[1, 2], [1]], ticks: 10, continuous: true)
    let population = try #require(body.network.population(named: "lif"))
    // 0.6·e^(−0.1) + 0.6 = 1.143 ≥ 1 at t = 2 ms; a single input (neuron 1) stays below threshold.
    let times = result.spikes(of: population).times(of: 0)
    #expect(times.count == 1 && abs((times.first ?? 0) - 0.002) < 1e-12)
    #expect(result.spikes(of: population).times(of: 1).isEmpty)
  }

  @Test("Conv1d: a 3-wide kernel of 0.5 over inputs at positions 2, 3, 4 fires outputs 1, 2 and 3 (sums 1, 1.5, 1)")
  func convolution1D() throws {
    let graph = NIRGraph(nodes: ["input": .input(shape: [1, 8]),
                                 "conv": .convolution(weight: [0.5, 0.5, 0.5], weightShape: [1, 1, 3], bias: [], stride: [1], padding: [0],
                                                      dilation: [1], groups: 1, inputShape: nil),
                                 "lif": .lif(tau: [0.01], r: [10], vLeak: [0], vReset: [0], vThreshold: [1]), "output": .output(shape: [6])],
                         edges: [("input", "conv"), ("conv", "lif"), ("lif", "output")])
    let (body, result) = try run(graph: graph, input: (0..<8).map { [2, 3, 4].contains($0) ? [0] : [] }, ticks: 3)
    let population = try #require(body.network.population(named: "lif"))
    #expect(body.network[population].size == 6)
    #expect((0..<6).map { result.spikes(of: population).ticks(of: $0) } == [[], [1], [1], [1], [], []])
  }

  @Test("Unsupported nodes and mismatched inputs are errors naming the node")
  func errors() throws {
    var graph = try NIRGraph.read(path: Self.fixtures + "/feedforward.nir")
    graph.nodes["lif1"] = .other(type: "Conv3d")
    #expect { try NIRScenarioBuilder.scenario(graph, options: .init()) } throws: { "\($0)".contains("nodes.lif1") && "\($0)".contains("Conv3d") }
    var options = NIRScenarioBuilder.Options()
    options.inputSpikeTicks = [[0]]
    let good = try NIRGraph.read(path: Self.fixtures + "/feedforward.nir")
    #expect { try NIRScenarioBuilder.scenario(good, options: options) } throws: { "\($0)".contains("1 channels") }
  }
}

/// A Spikeline-trained model written as NIR and read back runs the same spikes as its own export.
@Suite struct NIRRoundTripTests {
  @Test("export → HDF5 → import: the bundled feed-forward model's hidden spikes are unchanged")
  func roundTrip() throws {
    let checkpoint = try TrainingCheckpoint.read(packageRoot + "/Scenarios/Data/pretrained/feedforward-64.spkc")
    let dt = 0.01, ticks = 30
    let graph = try checkpoint.model.nirGraph(tickDuration: dt)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-\(UUID().uuidString).nir").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try AtomicFileWriter.write(try graph.hdf5Bytes(), to: path)
    let read = try NIRGraph.read(path: path)
    #expect(read.version == NIRGraph.writtenVersion && read.nodes.count == graph.nodes.count && read.edges.count == graph.edges.count)

    var generator = SeededGenerator(seed: 8)
    let input = (0..<checkpoint.model.architecture.inputChannels).map { _ in (0..<ticks).filter { _ in generator.nextUnitDouble() < 0.05 } }
    var options = NIRScenarioBuilder.Options()
    options.tickDuration = dt
    options.ticks = ticks
    options.inputSpikeTicks = input
    let json = try JSONOutput.string(try NIRScenarioBuilder.scenario(read, options: options))
    let scenario = try ScenarioLoader.parse(Array(json.utf8), file: path)
    guard case .network(let body) = scenario.body else { Issue.record("not a network scenario"); return }
    let imported = try NetworkScenarioRunner.run(scenario, body).result
    let layer = try #require(body.network.population(named: "layer1"))

    let exported = try checkpoint.model.exportNetwork(tickDuration: dt)
    var network = exported.network
    try network.setSource(exported.input, .spikeTicks(input))
    let simulation = try ChipTimeSimulation(network: network, tickDuration: dt)
    simulation.run(ticks: ticks)
    let reference = simulation.result.spikes(of: exported.layers[0])
    let spikes = imported.spikes(of: layer)
    var total = 0
    for neuron in 0..<64 {
      #expect(spikes.ticks(of: neuron) == reference.ticks(of: neuron), "neuron \(neuron)")
      total += reference.ticks(of: neuron).count
    }
    #expect(total > 0, "the input should make the hidden layer spike")
  }
}
