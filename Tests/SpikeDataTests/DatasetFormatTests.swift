import Testing
import SpikelineSupport
@testable import SpikeData

/// A small random dataset.
func randomDataset(seed: UInt64 = 1, samples: Int = 12) -> SpikeDataset {
  var generator = SeededGenerator(seed: seed)
  var dataset = SpikeDataset(channelCount: 700, timeUnit: 5e-4, classNames: SpokenDigitPlan.words, speakerNames: ["a", "b", "c"])
  for index in 0..<samples {
    let count = generator.uniformInt(below: 400)
    var sample = SpikeSample(label: index % 20, speaker: index % 3, split: index % 4 == 0 ? .test : .train,
                             duration: Double(Float(generator.uniform(0.2, 1.0))),
                             times: (0..<count).map { _ in UInt32(generator.uniformInt(below: 2000)) },
                             channels: (0..<count).map { _ in UInt16(generator.uniformInt(below: 700)) })
    sample.sortSpikes()
    dataset.samples.append(sample)
  }
  return dataset
}

func offset(_ error: any Error) -> Int? {
  if let error = error as? SpikelineError, case .byteOffset(let offset)? = error.location { return offset }
  return nil
}

@Suite struct DatasetFormatTests {
  @Test("Sorting spikes gives (time, channel) order, duplicates kept, by counting (short spans) and by comparison (long spans)",
        arguments: [40, 3000, 1 << 30])
  func sortSpikes(span: Int) {
    var generator = SeededGenerator(seed: UInt64(span))
    for count in [0, 1, 2, 17, 500] {
      let times = (0..<count).map { _ in UInt32(generator.uniformInt(below: span)) }
      let channels = (0..<count).map { _ in UInt16(generator.uniformInt(below: 700)) }
      var sample = SpikeSample(label: 0, speaker: 0, split: .train, duration: 1, times: times, channels: channels)
      sample.sortSpikes()
      let expected = zip(times, channels).sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
      #expect(sample.times == expected.map(\.0) && sample.channels == expected.map(\.1), "span \(span), \(count) spikes")
      var again = sample
      again.sortSpikes()
      #expect(again == sample)
    }
  }

  @Test("Round trip: encode then decode gives the same dataset, including duplicate spikes")
  func roundTrip() throws {
    var dataset = randomDataset()
    dataset.samples[1].times += [5, 5]
    dataset.samples[1].channels += [3, 3]
    dataset.samples[1].sortSpikes()
    let decoded = try SpikeDataset.decode(try dataset.encoded())
    #expect(decoded.samples == dataset.samples)
    #expect(decoded.classNames == dataset.classNames && decoded.speakerNames == dataset.speakerNames)
    #expect(decoded.channelCount == 700 && decoded.timeUnit == 5e-4)
  }

  @Test("Bad magic and wrong version are rejected at their offsets")
  func magicAndVersion() throws {
    var bytes = try randomDataset().encoded()
    bytes[0] = UInt8(ascii: "X")
    #expect { try SpikeDataset.decode(bytes, file: "x.spkd") } throws: {
      offset($0) == 0 && "\($0)".contains("x.spkd: byte 0: expected the magic \"SPKD\"")
    }
    bytes = try randomDataset().encoded()
    bytes[4] = 9
    #expect { try SpikeDataset.decode(bytes) } throws: { offset($0) == 4 && "\($0)".contains("format version 9") }
  }

  @Test("A truncated file is rejected wherever it is cut, never read past its end", arguments: [10, 30, 200, 1000])
  func truncated(cut: Int) throws {
    let bytes = try randomDataset().encoded()
    #expect { try SpikeDataset.decode(Array(bytes.prefix(cut))) } throws: { error in
      guard let at = offset(error) else { return false }
      return at <= cut
    }
  }

  @Test("Counts past the end: a sample count the file cannot hold is refused before allocating")
  func countsPastEnd() throws {
    var dataset = randomDataset(samples: 2)
    dataset.samples = []
    var bytes = try dataset.encoded()
    let countOffset = bytes.count - 4
    bytes.replaceSubrange(countOffset..<bytes.count, with: [0xFF, 0xFF, 0xFF, 0x7F])
    #expect { try SpikeDataset.decode(bytes) } throws: { offset($0) == countOffset && "\($0)".contains("sample count") }
  }

  @Test("A spike-time gap near 2^64 is an error at its offset, not an overflow trap")
  func hugeTimeGap() throws {
    var dataset = SpikeDataset(channelCount: 4, timeUnit: 1e-3, classNames: ["a"], speakerNames: ["s"])
    dataset.samples = [SpikeSample(label: 0, speaker: 0, split: .train, duration: 0.1, times: [5, 6], channels: [0, 0])]
    var bytes = try dataset.encoded()
    // The payload is the file's tail: active channels 1, gap 0, count 2, time 5, gap 1.
    #expect(Array(bytes.suffix(5)) == [1, 0, 2, 5, 1])
    let gapOffset = bytes.count - 1
    bytes.replaceSubrange(gapOffset..., with: [UInt8](repeating: 0xFF, count: 9) + [0x01])  // 2^64 − 1 as LEB128
    let lengthOffset = bytes.count - 10 - 4 - 4
    bytes.replaceSubrange(lengthOffset..<(lengthOffset + 4), with: [14, 0, 0, 0])
    #expect { try SpikeDataset.decode(bytes) } throws: { offset($0) == gapOffset && "\($0)".contains("overflows") }
  }

  @Test("A channel id at or above the channel count is rejected with its offset")
  func channelOutOfRange() throws {
    var dataset = randomDataset(samples: 1)
    dataset.channelCount = 700
    dataset.samples[0] = SpikeSample(label: 0, speaker: 0, split: .train, duration: 0.5, times: [1, 2], channels: [5, 699])
    var bytes = try dataset.encoded()
    // Shrink the declared channel count to 600: channel 699 is now out of range.
    bytes.replaceSubrange(8..<12, with: [0x58, 0x02, 0, 0])
    #expect { try SpikeDataset.decode(bytes) } throws: { error in
      "\(error)".contains("channel gap") || "\(error)".contains("channel 699")
    }
  }

  @Test("Labels beyond the classes and payload length mismatches are rejected")
  func labelsAndPayload() throws {
    let dataset = randomDataset(samples: 1)
    let bytes = try dataset.encoded()
    let sampleStart = bytes.count - 17 - (bytes.count - 17 - headerLength(dataset))
    var badLabel = bytes
    badLabel[sampleStart] = 99
    #expect { try SpikeDataset.decode(badLabel) } throws: { offset($0) == sampleStart && "\($0)".contains("label 99") }
    var badLength = bytes
    badLength[sampleStart + 13] &+= 1
    #expect { try SpikeDataset.decode(badLength) } throws: { "\($0)".contains("payload") || "\($0)".contains("remain") }
  }

  func headerLength(_ dataset: SpikeDataset) -> Int {
    20 + 2 + dataset.classNames.reduce(0) { $0 + 2 + $1.utf8.count } + 2 + dataset.speakerNames.reduce(0) { $0 + 2 + $1.utf8.count } + 4
  }

  @Test("Random corruption never crashes the reader")
  func fuzz() throws {
    let bytes = try randomDataset(samples: 4).encoded()
    var generator = SeededGenerator(seed: 99)
    for _ in 0..<300 {
      var corrupted = bytes
      for _ in 0..<3 { corrupted[generator.uniformInt(below: corrupted.count)] = UInt8(generator.uniformInt(below: 256)) }
      _ = try? SpikeDataset.decode(corrupted)
    }
  }
}
