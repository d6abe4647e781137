import Foundation
import SpikelineSupport

/// Speaks the digits with espeak-ng, adds silence and noise, and encodes them with the cochlea.
public struct SpokenDigitSynthesizer: Sendable {
  /// What to synthesise.
  public let plan: SpokenDigitPlan
  /// Path of the espeak-ng executable.
  public let espeak: String

  /// - Throws: `SpikelineError` if the plan is invalid or espeak-ng is not installed.
  public init(plan: SpokenDigitPlan) throws {
    if let error = plan.validationErrors().first { throw error }
    self.plan = plan
    guard let path = SpokenDigitSynthesizer.findExecutable("espeak-ng") else {
      throw SpikelineError(.io, "espeak-ng is not installed: install it with 'sudo apt-get install espeak-ng' (Debian/Ubuntu) or 'brew install espeak-ng' (macOS)")
    }
    espeak = path
  }

  static func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The espeak-ng version line, recorded with the dataset (outputs are byte-stable per version).
  public func espeakVersion() -> String {
    (try? run(["--version"]).output)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
  }

  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: espeak)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// The audio of one utterance: espeak-ng's output, silence in front, white noise at the SNR.
  public func audio(_ utterance: SpokenDigitPlan.Utterance, directory: String) throws -> Audio {
    let file = directory + "/u\(utterance.speaker)-\(utterance.label)-\(utterance.repetition).wav"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let word = SpokenDigitPlan.words[utterance.label]
    let result = try run(utterance.arguments + ["-w", file, word])
    guard result.status == 0 else {
      throw SpikelineError(.io, "espeak-ng failed for '\(word)' with \(utterance.arguments.joined(separator: " ")): \(result.output)")
    }
    var audio = try WAVFile.read(file)
    let lead = [Float](repeating: 0, count: Int(utterance.offset * Double(audio.sampleRate)))
    audio.samples = lead + audio.samples
    let power = audio.samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(audio.samples.count, 1))
    let noise = (power / pow(10, utterance.noiseDecibels / 10)).squareRoot()
    var generator = SeededGenerator(seed: utterance.noiseSeed)
    for i in audio.samples.indices { audio.samples[i] += Float(noise * generator.normal()) }
    return audio
  }

  /// Synthesises and encodes every utterance of the plan, in parallel; `progress` is called once per utterance.
  public func makeDataset(progress: (@Sendable () -> Void)? = nil) throws -> SpikeDataset {
    let speakers = plan.makeSpeakers()
    let utterances = plan.makeUtterances(speakers)
    let cochlea = try Cochlea(plan.cochlea)
    let directory = NSTemporaryDirectory() + "spikeline-synth-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let timeUnit = 1.0 / Double(plan.cochlea.envelopeRate)
    let results: [Result<SpikeSample, SpikelineError>] = DeterministicParallel.map(utterances.count) { index in
      let utterance = utterances[index]
      defer { progress?() }
      do {
        let audio = try self.audio(utterance, directory: directory)
        let spikes = cochlea.spikes(audio)
        return .success(SpikeSample(label: utterance.label, speaker: utterance.speaker, split: speakers[utterance.speaker].split,
                                    duration: audio.duration, times: spikes.blocks, channels: spikes.channels))
      } catch let error as SpikelineError {
        return .failure(error)
      } catch {
        return .failure(SpikelineError(.io, "\(error)"))
      }
    }
    var samples: [SpikeSample] = []
    for result in results { samples.append(try result.get()) }
    return SpikeDataset(channelCount: plan.cochlea.channels, timeUnit: timeUnit, classNames: SpokenDigitPlan.words,
                        speakerNames: speakers.map(\.name), samples: samples)
  }
}
