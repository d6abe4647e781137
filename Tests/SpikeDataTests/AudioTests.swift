import Testing
import SpikelineSupport
@testable import SpikeData

#if canImport(Glibc)
import Glibc
#endif

/// A WAV file built by hand: chunks in order, each padded to an even length.
func wav(format: UInt16 = 1, channels: Int = 1, rate: Int = 8000, bits: Int = 16, data: [UInt8],
         extraChunks: [(String, [UInt8])] = [], dataSize: UInt32? = nil) -> [UInt8] {
  var writer = ByteWriter()
  writer.write(bytes: Array("RIFF".utf8)); writer.write(UInt32(0)); writer.write(bytes: Array("WAVE".utf8))
  for (id, body) in extraChunks {
    writer.write(bytes: Array(id.utf8)); writer.write(UInt32(body.count)); writer.write(bytes: body)
    if body.count % 2 == 1 { writer.write(UInt8(0)) }
  }
  writer.write(bytes: Array("fmt ".utf8)); writer.write(UInt32(16)); writer.write(format); writer.write(UInt16(channels))
  writer.write(UInt32(rate)); writer.write(UInt32(rate * channels * bits / 8)); writer.write(UInt16(channels * bits / 8)); writer.write(UInt16(bits))
  writer.write(bytes: Array("data".utf8)); writer.write(dataSize ?? UInt32(data.count)); writer.write(bytes: data)
  return writer.bytes
}

@Suite struct WAVTests {
  @Test("16-bit PCM, with odd-sized extra chunks before fmt and data")
  func pcm16WithExtraChunks() throws {
    let data: [UInt8] = [0x00, 0x40, 0x00, 0xC0]  // 16384, -16384
    let bytes = wav(data: data, extraChunks: [("LIST", [1, 2, 3]), ("junk", [9])])
    let audio = try WAVFile.decode(bytes)
    #expect(audio.samples == [0.5, -0.5])
    #expect(audio.sampleRate == 8000)
  }

  @Test("8-bit unsigned PCM and stereo mixdown")
  func eightBitStereo() throws {
    let audio = try WAVFile.decode(wav(channels: 2, bits: 8, data: [192, 64, 255, 255]))
    #expect(audio.samples == [0, 127.0 / 128])
  }

  @Test("24-bit, 32-bit integer and 32/64-bit float samples")
  func otherEncodings() throws {
    #expect(try WAVFile.decode(wav(bits: 24, data: [0, 0, 0x40])).samples == [0.5])
    #expect(try WAVFile.decode(wav(bits: 32, data: [0, 0, 0, 0xC0])).samples == [-0.5])
    var float32 = ByteWriter(); float32.write(Float(0.25))
    #expect(try WAVFile.decode(wav(format: 3, bits: 32, data: float32.bytes)).samples == [0.25])
    var float64 = ByteWriter(); float64.write(Double(-0.75))
    #expect(try WAVFile.decode(wav(format: 3, bits: 64, data: float64.bytes)).samples == [-0.75])
  }

  @Test("A streaming header (data size 0xFFFFFFFF) reads to the end of the file")
  func streamingHeader() throws {
    let audio = try WAVFile.decode(wav(data: [0, 0x40, 0, 0x40], dataSize: 0xFFFF_FFFF))
    #expect(audio.samples.count == 2)
  }

  @Test("Empty, headerless, sample-less and unsupported files give byte-offset errors")
  func badFiles() throws {
    #expect { try WAVFile.decode([], file: "e.wav") } throws: { "\($0)" == "e.wav: byte 0: file ends early: expected the RIFF signature \"RIFF\" (4 bytes)" }
    #expect { try WAVFile.decode(Array("RIFX0000WAVE".utf8)) } throws: { offset($0) == 0 }
    #expect { try WAVFile.decode(wav(data: [])) } throws: { "\($0)".contains("no audio samples") }
    #expect { try WAVFile.decode(wav(format: 2, data: [0, 0])) } throws: { "\($0)".contains("unsupported encoding") && offset($0) == 20 }
    var noFormat = ByteWriter()
    noFormat.write(bytes: Array("RIFF".utf8)); noFormat.write(UInt32(12)); noFormat.write(bytes: Array("WAVE".utf8))
    noFormat.write(bytes: Array("data".utf8)); noFormat.write(UInt32(2)); noFormat.write(bytes: [0, 0])
    #expect { try WAVFile.decode(noFormat.bytes) } throws: { "\($0)".contains("no fmt chunk") }
  }

  @Test("Writing then reading 16-bit PCM keeps the samples to half a step")
  func roundTrip() throws {
    let audio = Audio(samples: (0..<100).map { Float(sin(Double($0) / 7)) * 0.8 }, sampleRate: 22050)
    let decoded = try WAVFile.decode(WAVFile.encode16(audio))
    for (a, b) in zip(audio.samples, decoded.samples) { #expect(abs(a - b) <= 0.5 / 32768 + 1e-7) }
  }
}

@Suite struct FrontEndTests {
  @Test("700 centre frequencies from 7.5 kHz down to 80 Hz, evenly spaced on the ERB-rate scale")
  func centreFrequencies() throws {
    let cochlea = try Cochlea()
    let fc = cochlea.centreFrequencies
    #expect(fc.count == 700)
    #expect(abs(fc[0] - 7500) < 1e-6 && abs(fc[699] - 80) < 1e-6)
    let steps = (1..<700).map { Cochlea.erbRate(fc[$0 - 1]) - Cochlea.erbRate(fc[$0]) }
    #expect((steps.max() ?? 0) - (steps.min() ?? 0) < 1e-9)
    #expect(abs(Cochlea.erb(1000) - 132.639) < 1e-3)
  }

  @Test("A pure tone excites the channels whose centre frequency is near it", arguments: [300.0, 1000.0, 3000.0])
  func pureTone(frequency: Double) throws {
    let cochlea = try Cochlea()
    let audio = Audio(samples: (0..<3200).map { Float(0.3 * sin(2 * Double.pi * frequency * Double($0) / 16000)) }, sampleRate: 16000)
    let envelopes = cochlea.envelopes(audio)
    let mean = envelopes.map { $0.dropFirst(80).reduce(0, +) }
    let loudest = mean.indices.max { mean[$0] < mean[$1] } ?? 0
    #expect(abs(cochlea.centreFrequencies[loudest] / frequency - 1) < 0.03, "peak at \(cochlea.centreFrequencies[loudest]) Hz")
    let spikes = cochlea.spikes(audio)
    let spiking = Set(spikes.channels).map { cochlea.centreFrequencies[Int($0)] }
    #expect(!spiking.isEmpty)
    // Every spiking channel lies within a few bandwidths of the tone.
    #expect(spiking.allSatisfy { abs(Cochlea.erbRate($0) - Cochlea.erbRate(frequency)) < 3 })
  }

  @Test("Resampling keeps a tone's frequency and amplitude")
  func resampling() {
    let input = Audio(samples: (0..<5513).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 22050)) }, sampleRate: 22050)
    let output = Resampler.resample(input, to: 16000)
    #expect(output.samples.count == 4000)
    for n in stride(from: 500, to: 3500, by: 297) {
      let expected = 0.5 * sin(2 * Double.pi * 440 * Double(n) / 16000)
      #expect(abs(Double(output.samples[n]) - expected) < 0.01, "sample \(n)")
    }
  }

  @Test("The encoder is deterministic")
  func deterministic() throws {
    let cochlea = try Cochlea()
    var generator = SeededGenerator(seed: 4)
    let audio = Audio(samples: (0..<3000).map { _ in Float(generator.normal() * 0.1) }, sampleRate: 16000)
    let a = cochlea.spikes(audio), b = cochlea.spikes(audio)
    #expect(a.blocks == b.blocks && a.channels == b.channels && !a.blocks.isEmpty)
  }
}
