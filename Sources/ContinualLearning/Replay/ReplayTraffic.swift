import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// The replayed latents of one phase, as the chip's memory sees them.
struct ReplayTraffic {
  /// Replayed trains per epoch.
  var count: Int
  /// Bytes of the stored (compressed) buffer; 0 for generated replay.
  var bufferBytes: Int
  /// Replay drawn from a generator rather than a buffer.
  var generated: Bool
  /// Neurons of a latent train.
  var latentNeurons: Int
  /// Steps of a replayed train.
  var steps: Int

  /// 32-bit words moved outside the network over the phase: the buffer is read every epoch; a
  /// compressed buffer is also written back out at full length every epoch (decompression); generated
  /// trains are written once in full and read every epoch.
  func memoryWords(method: ReplayMethod) -> Int {
    let fullTrainWords = count * (latentNeurons * steps + 31) / 32
    if generated { return fullTrainWords * (method.epochs + 1) }
    var words = (bufferBytes + 3) / 4 * method.epochs
    if method.compression.window > 1 { words += fullTrainWords * method.epochs }
    return words
  }
}
