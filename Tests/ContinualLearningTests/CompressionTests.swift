import Testing
import SpikeData
import SpikelineSupport
@testable import ContinualLearning

/// A random binary spike train.
func randomTrain(neurons: Int, steps: Int, density: Double, seed: UInt64, label: Int = 0) -> BinnedSample {
  var generator = SeededGenerator(seed: seed)
  var start: [Int32] = [0], channels: [UInt16] = []
  for _ in 0..<steps {
    for n in 0..<neurons where generator.bernoulli(density) { channels.append(UInt16(n)) }
    start.append(Int32(channels.count))
  }
  return BinnedSample(steps: steps, channels: neurons, label: label, stepStart: start, activeChannels: channels,
                      counts: [UInt8](repeating: 1, count: channels.count))
}

@Suite struct CompressionTests {
  @Test("Window 1 keeps every spike: decompress(compress(x)) = x", arguments: [100, 40, 7])
  func lossless(steps: Int) {
    let train = randomTrain(neurons: 13, steps: steps, density: 0.2, seed: UInt64(steps), label: 4)
    let compressed = LatentCompression.none.compress(train)
    #expect(LatentCompression.none.decompress(compressed, steps: steps) == train)
  }

  @Test("OR: one spike at the first step of each window that had any; compressing again changes nothing",
        arguments: [(100, 2), (100, 10), (40, 3), (41, 4)])
  func orVariant(steps: Int, window: Int) {
    let train = randomTrain(neurons: 9, steps: steps, density: 0.3, seed: 3)
    let compression = LatentCompression(window: window, variant: .or)
    let compressed = compression.compress(train)
    let restored = compression.decompress(compressed, steps: steps)
    #expect(compressed.windows == (steps + window - 1) / window)
    for t in 0..<steps {
      let windowStart = t - t % window
      for n in 0..<9 {
        let any = (windowStart..<min(windowStart + window, steps)).contains { s in train.active(at: s).contains { train.activeChannels[$0] == UInt16(n) } }
        let spiked = restored.active(at: t).contains { restored.activeChannels[$0] == UInt16(n) }
        #expect(spiked == (t == windowStart && any), "t \(t) neuron \(n)")
      }
    }
    #expect(compression.compress(restored) == compressed)
  }

  @Test("Count: spike counts per window survive; n spikes come back on the window's first n steps",
        arguments: [(100, 2), (40, 3), (41, 4)])
  func countVariant(steps: Int, window: Int) {
    let train = randomTrain(neurons: 6, steps: steps, density: 0.5, seed: 5)
    let compression = LatentCompression(window: window, variant: .count)
    let compressed = compression.compress(train)
    let restored = compression.decompress(compressed, steps: steps)
    for w in 0..<compressed.windows {
      let range = (w * window)..<min((w + 1) * window, steps)
      for n in 0..<6 {
        let before = range.reduce(0) { sum, t in sum + train.active(at: t).filter { train.activeChannels[$0] == UInt16(n) }.count }
        let after = range.filter { t in restored.active(at: t).contains { restored.activeChannels[$0] == UInt16(n) } }
        #expect(after.count == before)
        #expect(after == Array(range.prefix(before)))
      }
    }
    #expect(compression.compress(restored) == compressed)
  }

  @Test("Buffer bytes: neurons × windows × bits per value, packed")
  func byteCounts() {
    let train = randomTrain(neurons: 100, steps: 100, density: 0.1, seed: 1)
    #expect(LatentCompression(window: 2).compress(train).byteCount == 100 * 50 / 8)
    #expect(LatentCompression.none.compress(randomTrain(neurons: 100, steps: 40, density: 0.1, seed: 1)).byteCount == 100 * 40 / 8)
    #expect(LatentCompression(window: 2, variant: .count).bitsPerValue == 2)
    #expect(LatentCompression(window: 3, variant: .count).bitsPerValue == 2)
    #expect(LatentCompression(window: 4, variant: .count).bitsPerValue == 3)
    #expect(LatentCompression(window: 2, variant: .count).compress(train).byteCount == 100 * 50 * 2 / 8)
    #expect(LatentCompression(window: 3).compress(randomTrain(neurons: 10, steps: 10, density: 0.2, seed: 2)).byteCount == (10 * 4 + 7) / 8)
    var buffer = LatentBuffer()
    for label in 0..<3 { buffer.append(LatentCompression(window: 2).compress(randomTrain(neurons: 100, steps: 100, density: 0.1, seed: 9, label: label))) }
    #expect(buffer.byteCount == 3 * 625)
    #expect(buffer.countsByClass == [0: 1, 1: 1, 2: 1])
  }
}
