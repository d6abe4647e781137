import SpikelineSupport

/// Audio read from a RIFF/WAVE file, mixed down to one channel of samples in [-1, 1].
public struct Audio: Sendable {
  /// Samples of one channel in [−1, 1].
  public var samples: [Float]
  /// Samples per second.
  public var sampleRate: Int

  /// Mono audio of `samples` at `sampleRate` Hz.
  public init(samples: [Float], sampleRate: Int) {
    self.samples = samples
    self.sampleRate = sampleRate
  }

  /// Duration, seconds.
  public var duration: Double { Double(samples.count) / Double(max(sampleRate, 1)) }
}

/// Reads and writes WAV files.
///
/// Reads PCM (8-bit unsigned, 16/24/32-bit signed) and IEEE float (32/64-bit), also inside
/// WAVE_FORMAT_EXTENSIBLE; any number of channels (averaged to mono); any sample rate. Chunks other
/// than `fmt ` and `data` are skipped, odd-sized chunks keep their pad byte, and a streaming
/// header (sizes 0 or 0xFFFFFFFF) is accepted. Every problem names its byte offset.
public enum WAVFile {
  /// Reads a WAV file (PCM 8-bit unsigned or 16/24/32-bit signed, or IEEE float; channels averaged to mono).
  /// - Throws: `SpikelineError` naming the file and the byte offset of anything else.
  public static func read(_ path: String) throws -> Audio {
    try decode(try readFileBytes(path), file: path)
  }

  /// Decodes WAV bytes; `file` names them in errors.
  public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> Audio {
    var reader = ByteReader(bytes: bytes, file: file)
    try reader.expect(Array("RIFF".utf8), "the RIFF signature \"RIFF\"")
    _ = try reader.readUInt32("the RIFF size")
    try reader.expect(Array("WAVE".utf8), "the WAVE signature \"WAVE\"")
    var format: (code: UInt16, channels: Int, rate: Int, bits: Int, blockAlign: Int)?
    var dataRange: Range<Int>?
    while reader.remaining >= 8 {
      let chunkStart = reader.offset
      let id = String(decoding: try reader.readBytes(4, "a chunk id"), as: UTF8.self)
      var size = Int(try reader.readUInt32("the size of chunk '\(id)'"))
      let bodyStart = reader.offset
      if id == "data" && (size == 0 || size == 0xFFFF_FFFF || size > reader.remaining) {
        size = reader.remaining  // streaming header, or a truncated file: take what is there
      }
      if size > reader.remaining {
        throw reader.error("chunk '\(id)' declares \(size) bytes but only \(reader.remaining) remain", at: chunkStart + 4)
      }
      switch id {
      case "fmt ":
        guard size >= 16 else { throw reader.error("fmt chunk is \(size) bytes; expected at least 16", at: chunkStart + 4) }
        var code = try reader.readUInt16("the format code")
        let channels = Int(try reader.readUInt16("the channel count"))
        let rate = Int(try reader.readUInt32("the sample rate"))
        _ = try reader.readUInt32("the byte rate")
        let blockAlign = Int(try reader.readUInt16("the block alignment"))
        let bits = Int(try reader.readUInt16("the bits per sample"))
        if code == 0xFFFE {
          guard size >= 40 else { throw reader.error("extensible fmt chunk is \(size) bytes; expected 40", at: chunkStart + 4) }
          try reader.skip(8, "the extension header")
          code = try reader.readUInt16("the sub-format code")
        }
        guard channels >= 1 else { throw reader.error("channel count is 0; expected at least 1", at: bodyStart + 2) }
        // Below 100 Hz a recording is not audio, and resampling it to 16 kHz would multiply its size.
        guard rate >= 100 && rate <= 1_000_000 else { throw reader.error("sample rate \(rate) Hz is outside 100...1000000", at: bodyStart + 4) }
        switch (code, bits) {
        case (1, 8), (1, 16), (1, 24), (1, 32), (3, 32), (3, 64): break
        default:
          throw reader.error("unsupported encoding: format code \(code) with \(bits) bits (expected PCM 8/16/24/32-bit or float 32/64-bit)", at: bodyStart)
        }
        guard blockAlign == channels * bits / 8 else {
          throw reader.error("block alignment \(blockAlign) does not equal channels × bytes per sample (\(channels * bits / 8))", at: bodyStart + 12)
        }
        format = (code, channels, rate, bits, blockAlign)
      case "data":
        dataRange = bodyStart..<(bodyStart + size)
      default:
        break
      }
      try reader.seek(to: bodyStart + size + (size % 2 == 1 && bodyStart + size < bytes.count ? 1 : 0))
      if dataRange != nil && format != nil && id == "data" { break }
    }
    guard let format else { throw reader.error("no fmt chunk before the end of the file", at: 12) }
    guard let dataRange else { throw reader.error("no data chunk", at: reader.offset) }
    let frames = dataRange.count / format.blockAlign
    if frames == 0 { throw reader.error("the data chunk holds no audio samples", at: dataRange.lowerBound - 4) }
    var samples = [Float](repeating: 0, count: frames)
    let bytesPerSample = format.bits / 8
    let scale = 1 / Float(format.channels)
    for frame in 0..<frames {
      var sum: Float = 0
      for channel in 0..<format.channels {
        let o = dataRange.lowerBound + frame * format.blockAlign + channel * bytesPerSample
        sum += sampleValue(bytes, o, format.code, format.bits)
      }
      samples[frame] = sum * scale
    }
    return Audio(samples: samples, sampleRate: format.rate)
  }

  @inline(__always)
  static func sampleValue(_ b: [UInt8], _ o: Int, _ code: UInt16, _ bits: Int) -> Float {
    switch (code, bits) {
    case (1, 8): return (Float(b[o]) - 128) / 128
    case (1, 16): return Float(Int16(bitPattern: UInt16(b[o]) | UInt16(b[o + 1]) << 8)) / 32768
    case (1, 24):
      let raw = Int32(b[o]) << 8 | Int32(b[o + 1]) << 16 | Int32(b[o + 2]) << 24
      return Float(raw >> 8) / 8_388_608
    case (1, 32):
      let raw = UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
      return Float(Int32(bitPattern: raw)) / 2_147_483_648
    case (3, 32):
      let raw = UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
      return Float(bitPattern: raw)
    default:
      var raw: UInt64 = 0
      for i in 0..<8 { raw |= UInt64(b[o + i]) << (8 * UInt64(i)) }
      return Float(Double(bitPattern: raw))
    }
  }

  /// 16-bit PCM mono WAV bytes (for tests and exported audio).
  public static func encode16(_ audio: Audio) -> [UInt8] {
    var writer = ByteWriter(capacity: 44 + audio.samples.count * 2)
    writer.write(bytes: Array("RIFF".utf8))
    writer.write(UInt32(36 + audio.samples.count * 2))
    writer.write(bytes: Array("WAVEfmt ".utf8))
    writer.write(UInt32(16)); writer.write(UInt16(1)); writer.write(UInt16(1))
    writer.write(UInt32(audio.sampleRate)); writer.write(UInt32(audio.sampleRate * 2))
    writer.write(UInt16(2)); writer.write(UInt16(16))
    writer.write(bytes: Array("data".utf8))
    writer.write(UInt32(audio.samples.count * 2))
    for sample in audio.samples {
      // The reader divides by 32768; full-scale positive saturates at 32767.
      writer.write(UInt16(bitPattern: Int16(clamping: Int((max(-1, min(1, sample)) * 32768).rounded()))))
    }
    return writer.bytes
  }
}
