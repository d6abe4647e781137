#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// Settings of the cochlear front end. Defaults: 700 channels from 7.5 kHz (unit 0, as in SHD)
/// down to 80 Hz on the ERB scale, a 2 kHz envelope, a 50 dB window, and adapting LIF spike
/// generators (drive threshold 0.3, threshold rise 1 per spike decaying over 100 ms), chosen so
/// the bundled 4,000-word dataset fits in about 11 MB while keeping words separable.
public struct CochleaParameters: Sendable, Equatable {
  /// Rate the audio is resampled to, Hz.
  public var sampleRate = 16_000
  /// Channels (spike generators), one per filter.
  public var channels = 700
  /// Centre frequencies span this range, Hz; unit 0 has the highest.
  public var lowestFrequency = 80.0
  /// The highest centre frequency, Hz (channel 0).
  public var highestFrequency = 7_500.0
  /// Envelope (and spike time) resolution, Hz.
  public var envelopeRate = 2_000
  /// Envelopes within this many dB of the utterance's loudest channel drive the neurons.
  public var dynamicRangeDecibels = 50.0
  /// Drive (in [0, 1]) below which a channel never fires; higher values give fewer spikes.
  public var driveThreshold = 0.3
  /// Membrane time constant of the spike generators, seconds.
  public var membraneTimeConstant = 5e-3
  /// Refractory period after a spike, seconds.
  public var refractoryPeriod = 1e-3
  /// RMS the audio is normalised to before filtering.
  public var targetRMS = 0.1
  /// Spike-frequency adaptation: each spike raises a channel's threshold by this much (0 = none),
  /// and the rise decays with `adaptationTimeConstant`. Loud steady channels then fire mostly at
  /// onsets, as auditory nerve fibres do, leaving spikes for quieter channels.
  public var adaptationIncrement = 1.0
  /// Decay time of the adaptation, seconds.
  public var adaptationTimeConstant = 0.1

  /// The defaults of the bundled dataset.
  public init() {}

  /// Every problem with the parameters, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(1...4096).contains(channels) { errors.append(.field("channels", "must be 1...4096 (got \(channels))")) }
    if !(lowestFrequency > 0 && lowestFrequency < highestFrequency && highestFrequency < Double(sampleRate) / 2) {
      errors.append(.field("frequencies", "need 0 < lowest < highest < sampleRate/2 (got \(lowestFrequency)...\(highestFrequency) Hz at \(sampleRate) Hz)"))
    }
    if sampleRate % envelopeRate != 0 { errors.append(.field("envelopeRate", "must divide the sample rate \(sampleRate) Hz")) }
    if !(driveThreshold > 0 && driveThreshold < 1) { errors.append(.field("driveThreshold", "must be in (0, 1) (got \(driveThreshold))")) }
    if !(adaptationIncrement >= 0 && adaptationIncrement.isFinite) { errors.append(.field("adaptationIncrement", "must be >= 0")) }
    if !(adaptationTimeConstant > 0) { errors.append(.field("adaptationTimeConstant", "must be > 0 seconds")) }
    return errors
  }
}
