import Foundation
import Synchronization
import SpikeData
import SpikelineSupport

/// `spikeline dataset synth`: speak the 20 digit words with espeak-ng and encode them as spikes.
struct DatasetSynthCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "synth",
    abstract: "Synthesise an SHD-like spoken-digit spike dataset with espeak-ng and the cochlear front end.",
    discussion: """
      Speaks "zero"…"nine" (labels 0–9) and "null"…"neun" (10–19) by synthetic speakers (voice \
      variant, accent, pitch, speed, amplitude), jitters pitch and speed per utterance, adds up to \
      80 ms of leading silence and white noise at 20–35 dB SNR from the seed, and encodes each word \
      with the 700-channel cochlea. The last --test-speakers speakers (with voice variants no \
      training speaker has) form the test split. The defaults make about 8,000 train and 2,000 \
      test samples, like SHD. Needs espeak-ng (apt-get install espeak-ng); the same seed and \
      espeak-ng version give the same bytes, on any number of threads.
      """,
    options: [
      .value("--out", "<file>", "The .spkd file to write."),
      .value("--speakers", "<n>", "Synthetic speakers.", default: "50"),
      .value("--test-speakers", "<n>", "Speakers held out for the test split.", default: "10"),
      .value("--repetitions", "<n>", "Repetitions of each word per speaker.", default: "10"),
      .value("--seed", "<n>", "Seed of speakers, jitter and noise.", default: "1"),
      .value("--drive-threshold", "<d>", "Cochlea drive (0–1) below which a channel stays silent; higher gives fewer spikes.", default: "0.3"),
      .value("--refractory", "<seconds>", "Refractory period of the cochlea's spike generators; longer gives fewer spikes.", default: "0.001"),
      .value("--adaptation", "<increment>", "Threshold rise per spike (spike-frequency adaptation; 0 = none).", default: "1"),
      .value("--adaptation-tau", "<seconds>", "Decay time of the adaptation.", default: "0.1"),
      .flag("--json", "Print the new dataset's summary as JSON."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    guard let out = arguments.value("--out") else { throw SpikelineError.usage("Missing required option '--out <file>'") }
    var plan = SpokenDigitPlan(speakers: try arguments.int("--speakers", default: 50),
                               testSpeakers: try arguments.int("--test-speakers", default: 10),
                               repetitions: try arguments.int("--repetitions", default: 10),
                               seed: UInt64(try arguments.int("--seed", default: 1, in: 0...Int.max)))
    plan.cochlea.driveThreshold = try arguments.double("--drive-threshold", default: 0.3, in: 0.01...0.99)
    plan.cochlea.refractoryPeriod = try arguments.double("--refractory", default: 1e-3, in: 0...0.1)
    plan.cochlea.adaptationIncrement = try arguments.double("--adaptation", default: 1, in: 0...100)
    plan.cochlea.adaptationTimeConstant = try arguments.double("--adaptation-tau", default: 0.1, in: 1e-3...10)
    let synthesizer = try SpokenDigitSynthesizer(plan: plan)
    let total = plan.speakers * SpokenDigitPlan.words.count * plan.repetitions
    let progress = io.progress("synthesising", total: total)
    let dataset = try synthesizer.makeDataset { progress.advance() }
    progress.finish()
    try dataset.write(to: out)
    let bytes = try readFileBytes(out)
    let summary = DatasetInfoCommand.info(dataset, file: out, bytes: bytes.count)
    if arguments.flag("--json") { try io.printJSON(summary); return }
    io.print("wrote \(out): \(summary.samples) samples (\(summary.train) train, \(summary.test) test), \(bytes.count) bytes, \(String(format: "%.0f", summary.spikesPerSample.mean)) spikes per sample; \(synthesizer.espeakVersion())")
  }
}
