import SpikelineSupport

/// What `spikeline dataset synth` makes: speakers, repetitions, noise, and the front end.
public struct SpokenDigitPlan: Sendable {
  /// The 20 words in SHD's label order: English 0–9, then German 0–9.
  public static let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                             "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
  /// English accents of espeak-ng 1.51 that speak all ten digits (German has one voice, `de`).
  public static let englishVoices = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-us-nyc", "en-029",
                                     "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
  /// Human-sounding espeak-ng voice variants (robotic, whispering and croaking ones left out).
  public static let variants = [
    "adam", "Alex", "Alicia", "Andrea", "Andy", "Annie", "antonio", "aunty", "belinda", "benjamin", "boris", "caleb",
    "david", "Denis", "Diogo", "ed", "edward", "edward2", "Gene", "Gene2", "gustave", "Henrique", "Hugo", "iven",
    "iven2", "iven3", "iven4", "Jacky", "john", "kaukovalta", "Lee", "linda", "marcelo", "Marco", "Mario", "max",
    "Michael", "michel", "miguel", "Mike", "Mr", "Nguyen", "pablo", "paul", "pedro", "quincy", "rob", "robert",
    "steph", "steph2", "steph3", "zac", "anika", "f1", "f2", "f3", "f4", "f5", "grandpa", "grandma",
    "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "norbert", "sandro", "shelby", "travis", "victor",
  ]

  /// Synthetic speakers, each a voice variant of its own.
  public var speakers: Int
  /// The last `testSpeakers` speakers (with variants no training speaker has) form the test split.
  public var testSpeakers: Int
  /// Repetitions of each word by each speaker.
  public var repetitions: Int
  /// Seeds every random choice (voices, pitch, noise, offsets).
  public var seed: UInt64
  /// Signal-to-noise ratio of the added white noise, dB.
  public var noiseDecibels: ClosedRange<Double> = 20...35
  /// Silence put before the word, seconds.
  public var maximumOffset: Double = 0.08
  /// The front end that encodes the audio.
  public var cochlea = CochleaParameters()

  /// A plan of `speakers` × 20 words × `repetitions`.
  public init(speakers: Int, testSpeakers: Int, repetitions: Int, seed: UInt64) {
    self.speakers = speakers
    self.testSpeakers = testSpeakers
    self.repetitions = repetitions
    self.seed = seed
  }

  /// Every problem with the plan, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(2...Self.variants.count).contains(speakers) { errors.append(.field("speakers", "must be 2...\(Self.variants.count) (got \(speakers))")) }
    if !(1..<max(speakers, 2)).contains(testSpeakers) { errors.append(.field("testSpeakers", "must be 1...\(speakers - 1) (got \(testSpeakers))")) }
    if !(1...100).contains(repetitions) { errors.append(.field("repetitions", "must be 1...100 (got \(repetitions))")) }
    return errors + cochlea.validationErrors()
  }

  /// A synthetic speaker: one voice variant, one English accent, base pitch, speed and amplitude.
  public struct Speaker: Sendable, Equatable {
    /// A name for the speaker list of the dataset.
    public var name: String
    /// espeak-ng voice variant.
    public var variant: String
    /// espeak-ng English accent for the English digits.
    public var englishVoice: String
    /// Base pitch, espeak-ng's 0–99 scale.
    public var pitch: Int
    /// Speaking rate, words per minute.
    public var speed: Int
    /// Amplitude, espeak-ng's 0–200 scale.
    public var amplitude: Int
    /// Training or test speaker.
    public var split: Split
  }

  /// One word to speak.
  public struct Utterance: Sendable {
    /// Index of the speaker.
    public var speaker: Int
    /// The word's class.
    public var label: Int
    /// Which repetition of the word by this speaker.
    public var repetition: Int
    /// The espeak-ng command-line arguments.
    public var arguments: [String]
    /// Signal-to-noise ratio of the added white noise, dB.
    public var noiseDecibels: Double
    /// Silence before the word, seconds.
    public var offset: Double
    /// Seeds the noise.
    public var noiseSeed: UInt64
  }

  /// The speakers, deterministic in the seed; variants are dealt without replacement.
  public func makeSpeakers() -> [Speaker] {
    var generator = SeededGenerator(seed: seed, stream: "speakers")
    var variants = Self.variants
    generator.shuffle(&variants)
    return (0..<speakers).map { index in
      let split: Split = index >= speakers - testSpeakers ? .test : .train
      let voice = Self.englishVoices[generator.uniformInt(below: Self.englishVoices.count)]
      let pitch = 20 + generator.uniformInt(below: 61)
      let speed = 130 + generator.uniformInt(below: 81)
      let amplitude = 80 + generator.uniformInt(below: 41)
      let variant = variants[index]
      return Speaker(name: String(format: "s%03d %@+%@ p%d s%d", index, voice, variant, pitch, speed),
                     variant: variant, englishVoice: voice, pitch: pitch, speed: speed, amplitude: amplitude, split: split)
    }
  }

  /// Every utterance, each with its own jitter drawn from its own stream (so order cannot matter).
  public func makeUtterances(_ speakers: [Speaker]) -> [Utterance] {
    var result: [Utterance] = []
    for (s, speaker) in speakers.enumerated() {
      for label in 0..<Self.words.count {
        for repetition in 0..<repetitions {
          let index = (s * Self.words.count + label) * repetitions + repetition
          var generator = SeededGenerator(seed: seed, stream: "utterance", index: index)
          let pitch = min(99, max(0, speaker.pitch + generator.uniformInt(below: 13) - 6))
          let speed = Int((Double(speaker.speed) * generator.uniform(0.9, 1.1)).rounded())
          let voice = (label < 10 ? speaker.englishVoice : "de") + "+" + speaker.variant
          result.append(Utterance(
            speaker: s, label: label, repetition: repetition,
            arguments: ["-z", "-v", voice, "-p", "\(pitch)", "-s", "\(speed)", "-a", "\(speaker.amplitude)"],
            noiseDecibels: generator.uniform(noiseDecibels.lowerBound, noiseDecibels.upperBound),
            offset: generator.uniform(0, maximumOffset), noiseSeed: generator.next()))
        }
      }
    }
    return result
  }
}
