import SpikelineSupport

/// The `.spkd` binary format, version 1 (all integers little-endian):
///
///     offset  size  field
///     0       4     magic "SPKD"
///     4       2     version (1)
///     6       2     reserved (0)
///     8       4     channel count
///     12      8     time unit, seconds (float64)
///     20      2+    class count, then each name as u16 length + UTF-8
///             2+    speaker count, then each name as u16 length + UTF-8
///             4     sample count
///     then per sample:
///             2     label          2  speaker        1  split (0 train, 1 test)
///             4     duration, seconds (float32)
///             4     spike count    4  payload length in bytes
///             …     payload: varint(active channels); per active channel, in increasing order:
///                   varint(channel − previous active channel − 1, or the channel for the first),
///                   varint(spike count n), then n varints: the first spike time, then the gaps
///                   between successive spike times of that channel (time units).
///
/// Varints are unsigned LEB128. Spike-train gaps on one channel are mostly under 128 units, so a
/// spike costs about 1.5 bytes.
extension SpikeDataset {
  static let magic = Array("SPKD".utf8)
  /// The `.spkd` format version this code reads and writes.
  public static let formatVersion: UInt16 = 1

  /// Reads a `.spkd` file.
  /// - Throws: `SpikelineError` naming the file and byte offset of the first problem.
  public static func read(_ path: String) throws -> SpikeDataset {
    try decode(try readFileBytes(path), file: path)
  }

  /// The header of a `.spkd` file (channels, time unit, class and speaker names) without its samples:
  /// a dataset with no samples, read far faster than the whole file.
  /// - Throws: `SpikelineError` with the byte offset of the first problem in the header.
  public static func readHeader(_ path: String) throws -> SpikeDataset {
    var reader = ByteReader(bytes: try readFileBytes(path), file: path)
    return try decodeHeader(&reader)
  }

  /// Reads the header fields, leaving `reader` at the sample count.
  static func decodeHeader(_ reader: inout ByteReader) throws -> SpikeDataset {
    try reader.expect(magic, "the magic \"SPKD\" of a Spikeline spike dataset")
    let versionOffset = reader.offset
    let version = try reader.readUInt16("the format version")
    guard version == formatVersion else {
      throw reader.error("format version \(version) is not supported (this build reads version \(formatVersion))", at: versionOffset)
    }
    _ = try reader.readUInt16("reserved bytes")
    let channelOffset = reader.offset
    let channels = Int(try reader.readUInt32("the channel count"))
    guard channels >= 1 && channels <= 65_536 else { throw reader.error("channel count \(channels) is outside 1...65536", at: channelOffset) }
    let unitOffset = reader.offset
    let timeUnit = try reader.readFloat64("the time unit")
    guard timeUnit > 0 && timeUnit.isFinite && timeUnit <= 1 else { throw reader.error("time unit \(timeUnit) s is not in (0, 1]", at: unitOffset) }
    var classes: [String] = []
    let classOffset = reader.offset
    let classCount = Int(try reader.readUInt16("the class count"))
    guard classCount >= 1 else { throw reader.error("class count is 0; a dataset needs at least one class", at: classOffset) }
    for index in 0..<classCount { classes.append(try reader.readString16("class name \(index)")) }
    var speakers: [String] = []
    for index in 0..<Int(try reader.readUInt16("the speaker count")) { speakers.append(try reader.readString16("speaker name \(index)")) }
    return SpikeDataset(channelCount: channels, timeUnit: timeUnit, classNames: classes, speakerNames: speakers)
  }

  /// Decodes `.spkd` bytes; `file` names them in errors.
  /// - Throws: `SpikelineError` with the byte offset of the first problem.
  /// - Complexity: O(bytes).
  public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> SpikeDataset {
    var reader = ByteReader(bytes: bytes, file: file)
    let header = try decodeHeader(&reader)
    let (channels, timeUnit, classes, speakers) = (header.channelCount, header.timeUnit, header.classNames, header.speakerNames)
    let countOffset = reader.offset
    let count = Int(try reader.readUInt32("the sample count"))
    // Each sample needs at least 17 bytes: refuse counts the file cannot hold before allocating.
    guard count <= reader.remaining / 17 else {
      throw reader.error("sample count \(count) needs at least \(count * 17) bytes but only \(reader.remaining) remain", at: countOffset)
    }
    var samples: [SpikeSample] = []
    samples.reserveCapacity(count)
    for index in 0..<count {
      let start = reader.offset
      let label = Int(try reader.readUInt16("the label of sample \(index)"))
      guard label < classes.count else { throw reader.error("sample \(index) has label \(label); expected < \(classes.count) classes", at: start) }
      let speaker = Int(try reader.readUInt16("the speaker of sample \(index)"))
      guard speaker < max(speakers.count, 1) || speakers.isEmpty else {
        throw reader.error("sample \(index) has speaker \(speaker); expected < \(speakers.count) speakers", at: start + 2)
      }
      let splitRaw = try reader.readUInt8("the split of sample \(index)")
      guard let split = Split(rawValue: splitRaw) else { throw reader.error("sample \(index) has split \(splitRaw); expected 0 (train) or 1 (test)", at: start + 4) }
      let duration = Double(try reader.readFloat32("the duration of sample \(index)"))
      guard duration >= 0 && duration.isFinite else { throw reader.error("sample \(index) has duration \(duration) s", at: start + 5) }
      let spikeCountOffset = reader.offset
      let spikeCount = Int(try reader.readUInt32("the spike count of sample \(index)"))
      let payloadOffset = reader.offset
      let payloadLength = Int(try reader.readUInt32("the payload length of sample \(index)"))
      guard payloadLength <= reader.remaining else {
        throw reader.error("sample \(index) declares a \(payloadLength)-byte payload but only \(reader.remaining) bytes remain", at: payloadOffset)
      }
      guard spikeCount <= payloadLength else {
        throw reader.error("sample \(index) declares \(spikeCount) spikes in a \(payloadLength)-byte payload (each spike takes at least one byte)", at: spikeCountOffset)
      }
      let payloadStart = reader.offset
      var times: [UInt32] = [], spikeChannels: [UInt16] = []
      times.reserveCapacity(spikeCount); spikeChannels.reserveCapacity(spikeCount)
      let activeCount = try reader.readVarUInt("the active channel count of sample \(index)")
      guard activeCount <= UInt64(channels) else {
        throw reader.error("sample \(index) has \(activeCount) active channels; the dataset has \(channels)", at: payloadStart)
      }
      let active = Int(activeCount)
      var channel = -1
      for _ in 0..<active {
        let gapOffset = reader.offset
        let gap = try reader.readVarUInt("a channel gap in sample \(index)")
        guard gap < UInt64(channels) else { throw reader.error("channel gap \(gap) in sample \(index) goes past \(channels) channels", at: gapOffset) }
        channel += Int(gap) + 1
        guard channel < channels else {
          throw reader.error("sample \(index) has a spike on channel \(channel); expected channels < \(channels)", at: gapOffset)
        }
        let countOffset = reader.offset
        let n = try reader.readVarUInt("a spike count in sample \(index)")
        guard n <= UInt64(spikeCount - times.count) else {
          throw reader.error("channel \(channel) of sample \(index) has \(n) spikes, more than the \(spikeCount) declared", at: countOffset)
        }
        var time: UInt64 = 0
        for spike in 0..<Int(n) {
          let timeOffset = reader.offset
          let delta = try reader.readVarUInt("a spike time in sample \(index)")
          // Checked before adding: a gap near 2^64 must not overflow the sum.
          guard delta <= UInt64(UInt32.max) - (spike == 0 ? 0 : time) else { throw reader.error("spike time overflows 32 bits in sample \(index)", at: timeOffset) }
          time = spike == 0 ? delta : time + delta
          times.append(UInt32(time)); spikeChannels.append(UInt16(channel))
        }
      }
      guard times.count == spikeCount else {
        throw reader.error("sample \(index) declares \(spikeCount) spikes but its payload holds \(times.count)", at: spikeCountOffset)
      }
      guard reader.offset - payloadStart == payloadLength else {
        throw reader.error("sample \(index)'s payload is \(reader.offset - payloadStart) bytes, not the \(payloadLength) declared", at: payloadOffset)
      }
      var sample = SpikeSample(label: label, speaker: speaker, split: split, duration: duration, times: times, channels: spikeChannels)
      sample.sortSpikes()
      samples.append(sample)
    }
    if !reader.isAtEnd { throw reader.error("\(reader.remaining) unexpected bytes after the last sample") }
    return SpikeDataset(channelCount: channels, timeUnit: timeUnit, classNames: classes, speakerNames: speakers, samples: samples)
  }

  /// The file's bytes.
  public func encoded() throws -> [UInt8] {
    if let error = validationErrors().first { throw error }
    var writer = ByteWriter(capacity: 64 + samples.reduce(0) { $0 + 24 + $1.spikeCount * 2 })
    writer.write(bytes: Self.magic)
    writer.write(Self.formatVersion)
    writer.write(UInt16(0))
    writer.write(UInt32(channelCount))
    writer.write(timeUnit)
    writer.write(UInt16(classNames.count))
    for name in classNames { try writer.writeString16(name, "classNames") }
    writer.write(UInt16(speakerNames.count))
    for name in speakerNames { try writer.writeString16(name, "speakerNames") }
    writer.write(UInt32(samples.count))
    for sample in samples {
      writer.write(UInt16(sample.label))
      writer.write(UInt16(sample.speaker))
      writer.write(sample.split.rawValue)
      writer.write(Float(sample.duration))
      writer.write(UInt32(sample.spikeCount))
      let payload = Self.payload(sample)
      writer.write(UInt32(payload.count))
      writer.write(bytes: payload)
    }
    return writer.bytes
  }

  static func payload(_ sample: SpikeSample) -> [UInt8] {
    // Group spike times per channel (a stable pass keeps each channel's times sorted).
    var perChannel: [UInt16: [UInt32]] = [:]
    for k in sample.times.indices { perChannel[sample.channels[k], default: []].append(sample.times[k]) }
    var writer = ByteWriter()
    writer.writeVarUInt(UInt64(perChannel.count))
    var previous = -1
    for channel in perChannel.keys.sorted() {
      let times = (perChannel[channel] ?? []).sorted()
      writer.writeVarUInt(UInt64(Int(channel) - previous - 1))
      writer.writeVarUInt(UInt64(times.count))
      var last: UInt32 = 0
      for (k, time) in times.enumerated() {
        writer.writeVarUInt(UInt64(k == 0 ? time : time - last))
        last = time
      }
      previous = Int(channel)
    }
    return writer.bytes
  }

  /// Writes the dataset to `path` atomically (a temporary file renamed into place).
  public func write(to path: String) throws {
    try AtomicFileWriter.write(try encoded(), to: path)
  }
}
