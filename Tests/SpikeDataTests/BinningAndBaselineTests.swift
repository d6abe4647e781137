import Testing
import SpikelineSupport
@testable import SpikeData

@Suite struct BinningTests {
  @Test("Spikes fall in step ⌊s·T/window⌋; count or clip; past the window dropped")
  func binning() {
    // Time unit 1 ms; T = 4 steps over 40 ms (10 ms each).
    let sample = SpikeSample(label: 3, speaker: 0, split: .train, duration: 0.05,
                             times: [0, 9, 9, 10, 25, 39, 40, 45], channels: [1, 1, 1, 2, 1, 0, 0, 0])
    let counted = Binning(steps: 4, window: 0.04, mode: .count).bin(sample, timeUnit: 1e-3, channels: 3)
    #expect(counted.dense() == [[0, 3, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
    let clipped = Binning(steps: 4, window: 0.04, mode: .clip).bin(sample, timeUnit: 1e-3, channels: 3)
    #expect(clipped.dense() == [[0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
    #expect(clipped.label == 3 && clipped.activeCount == 4)
    #expect(counted.spikeTicks() == [[3], [0, 0, 0, 2], [1]])
  }

  @Test("Binning a sample in time order or out of it gives the same steps (step keys sorted per step or whole)")
  func orderOfSpikes() {
    var generator = SeededGenerator(seed: 7)
    let count = 3000
    let times = (0..<count).map { _ in UInt32(generator.uniformInt(below: 1000)) }
    let channels = (0..<count).map { _ in UInt16(generator.uniformInt(below: 50)) }
    let unsorted = SpikeSample(label: 1, speaker: 0, split: .train, duration: 1, times: times, channels: channels)
    var sorted = unsorted
    sorted.sortSpikes()
    for mode in Binning.Mode.allCases {
      let binning = Binning(steps: 37, window: 0.9, mode: mode)
      let a = binning.bin(unsorted, timeUnit: 1e-3, channels: 50), b = binning.bin(sorted, timeUnit: 1e-3, channels: 50)
      #expect(a.dense() == b.dense() && a.stepStart == b.stepStart && a.activeChannels == b.activeChannels)
      // Every step's channels ascend, each once.
      for t in 0..<37 {
        let active = a.activeChannels[Int(a.stepStart[t])..<Int(a.stepStart[t + 1])]
        #expect(zip(active, active.dropFirst()).allSatisfy { $0 < $1 })
      }
    }
    var keys: [UInt64] = (0..<500).map { UInt64($0 / 20) << 16 | UInt64(generator.uniformInt(below: 700)) }
    var expected = keys
    expected.sort()
    Binning.sortKeys(&keys)
    #expect(keys == expected)
  }

  @Test("T = 0 and non-positive windows are invalid")
  func invalid() {
    #expect(!Binning(steps: 0).validationErrors().isEmpty)
    #expect(!Binning(steps: 10, window: 0).validationErrors().isEmpty)
    #expect(Binning(steps: 40).validationErrors().isEmpty)
  }
}

@Suite struct NPYTests {
  @Test("uint8 and int64 arrays round trip through .npy")
  func roundTrip() throws {
    let values: [UInt8] = (0..<24).map { UInt8($0 * 3) }
    let array = try NPYFile.decode(NPYFile.encodeUInt8(values, shape: [2, 3, 4]))
    #expect(array.shape == [2, 3, 4] && array.values == values.map(Double.init))
    let labels = try NPYFile.decode(NPYFile.encodeInt64([-3, 0, 19], shape: [3]))
    #expect(labels.shape == [3] && labels.values == [-3, 0, 19])
    #expect(NPYFile.encodeUInt8([1], shape: [1]).count % 64 == 1)  // header padded to 64 bytes
  }

  @Test("Structured (t, x, p) event records as tonic writes them")
  func structured() throws {
    var writer = ByteWriter()
    let header = "{'descr': [('t', '<i8'), ('x', '<i8'), ('p', '<i8')], 'fortran_order': False, 'shape': (2,), }\n"
    writer.write(bytes: [0x93] + Array("NUMPY".utf8)); writer.write(UInt8(1)); writer.write(UInt8(0))
    writer.write(UInt16(header.utf8.count)); writer.write(bytes: Array(header.utf8))
    for value: Int64 in [1500, 7, 1, 2500, 699, 1] { writer.write(UInt64(bitPattern: value)) }
    let array = try NPYFile.decode(writer.bytes)
    #expect(array.field("t") == [1500, 2500] && array.field("x") == [7, 699])
  }

  @Test("Fortran order and truncated data are rejected")
  func rejected() {
    var bytes = NPYFile.encodeUInt8([1, 2, 3, 4], shape: [2, 2])
    let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "False", with: "True ")
    #expect(throws: SpikelineError.self) { try NPYFile.decode(Array(text.utf8)) }
    bytes.removeLast(2)
    #expect(throws: SpikelineError.self) { try NPYFile.decode(bytes) }
  }
}

@Suite struct BaselineTests {
  @Test("Classes that differ in where and when they fire are separated far above chance")
  func separable() throws {
    var generator = SeededGenerator(seed: 2)
    var dataset = SpikeDataset(channelCount: 700, timeUnit: 1e-3, classNames: SpokenDigitPlan.words, speakerNames: ["s"])
    for index in 0..<400 {
      let label = index % 20
      var times: [UInt32] = [], channels: [UInt16] = []
      for _ in 0..<200 {
        times.append(UInt32(label % 10 * 90 + generator.uniformInt(below: 100)))
        channels.append(UInt16((label / 10) * 350 + generator.uniformInt(below: 200)))
      }
      var sample = SpikeSample(label: label, speaker: 0, split: index < 320 ? .train : .test, duration: 1, times: times, channels: channels)
      sample.sortSpikes()
      dataset.samples.append(sample)
    }
    var baseline = CountBaseline()
    baseline.channelGroups = 10
    baseline.timeBins = 10
    baseline.iterations = 60
    let report = try baseline.evaluate(dataset)
    #expect(report.nearestCentroid.classes > 0.9)
    #expect(report.logisticRegression.classes > 0.9)
    #expect(report.logisticRegression.language > 0.95)
  }
}

@Suite struct SynthesisPlanTests {
  @Test("Speakers are deterministic; test speakers have voice variants no training speaker has")
  func speakers() {
    let plan = SpokenDigitPlan(speakers: 50, testSpeakers: 10, repetitions: 4, seed: 1)
    let speakers = plan.makeSpeakers()
    #expect(speakers == plan.makeSpeakers())
    #expect(speakers.filter { $0.split == .test }.count == 10)
    let trainVariants = Set(speakers.filter { $0.split == .train }.map(\.variant))
    #expect(speakers.filter { $0.split == .test }.allSatisfy { !trainVariants.contains($0.variant) })
    let utterances = plan.makeUtterances(speakers)
    #expect(utterances.count == 50 * 20 * 4)
    #expect(utterances[17].arguments == plan.makeUtterances(speakers)[17].arguments)
    // German words use the German voice, English words an English accent.
    #expect(utterances.filter { $0.label >= 10 }.allSatisfy { $0.arguments[2].hasPrefix("de+") })
    #expect(utterances.filter { $0.label < 10 }.allSatisfy { $0.arguments[2].hasPrefix("en") })
  }
}
