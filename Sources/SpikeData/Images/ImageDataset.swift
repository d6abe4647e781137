import SpikelineSupport

/// Labelled grey-scale images (MNIST-like), one split.
public struct ImageSet: Sendable, Equatable {
  /// Pixels of all images, row-major per image, 0…255.
  public var pixels: [UInt8]
  /// The class of each image.
  public var labels: [Int]
  /// Rows per image, pixels.
  public var height: Int
  /// Columns per image, pixels.
  public var width: Int

  /// Images of `height` × `width` pixels.
  /// - Precondition: `pixels` holds exactly one image per label.
  public init(pixels: [UInt8], labels: [Int], height: Int, width: Int) {
    precondition(pixels.count == labels.count * height * width, "internal error: \(pixels.count) pixels for \(labels.count) images")
    self.pixels = pixels
    self.labels = labels
    self.height = height
    self.width = width
  }

  /// The number of images.
  public var count: Int { labels.count }
  /// Pixels in one image.
  public var pixelsPerImage: Int { height * width }

  /// Image `i`'s pixels scaled to [0, 1].
  public func image(_ i: Int) -> [Float] {
    pixels[(i * pixelsPerImage)..<((i + 1) * pixelsPerImage)].map { Float($0) / 255 }
  }

  /// The images whose labels are in `classes`, in order.
  public func filtered(classes: Set<Int>) -> ImageSet {
    var keptPixels: [UInt8] = [], keptLabels: [Int] = []
    for i in 0..<count where classes.contains(labels[i]) {
      keptPixels += pixels[(i * pixelsPerImage)..<((i + 1) * pixelsPerImage)]
      keptLabels.append(labels[i])
    }
    return ImageSet(pixels: keptPixels, labels: keptLabels, height: height, width: width)
  }

  /// The first `n` images.
  public func prefix(_ n: Int) -> ImageSet {
    let k = min(n, count)
    return ImageSet(pixels: Array(pixels.prefix(k * pixelsPerImage)), labels: Array(labels.prefix(k)), height: height, width: width)
  }
}

/// An image classification dataset in the four-file IDX layout of MNIST and Fashion-MNIST:
/// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`.
public struct ImageDataset: Sendable, Equatable {
  /// A name for reports, such as "MNIST-5k".
  public var name: String
  /// The training split.
  public var train: ImageSet
  /// The test split.
  public var test: ImageSet
  /// Classes (labels are 0..<`classCount`).
  public var classCount: Int

  /// A dataset of the two splits.
  public init(name: String, train: ImageSet, test: ImageSet, classCount: Int) {
    self.name = name
    self.train = train
    self.test = test
    self.classCount = classCount
  }

  /// The four file names of the layout.
  public static let fileNames = (trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
                                 testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte")

  /// Loads the four IDX files from `directory`.
  public static func load(directory: String, name: String? = nil) throws -> ImageDataset {
    let n = fileNames
    let train = try loadSplit(images: directory + "/" + n.trainImages, labels: directory + "/" + n.trainLabels)
    let test = try loadSplit(images: directory + "/" + n.testImages, labels: directory + "/" + n.testLabels)
    guard train.height == test.height, train.width == test.width else {
      throw SpikelineError(file: directory + "/" + n.testImages, "images are \(test.height)×\(test.width), the training images \(train.height)×\(train.width)")
    }
    guard train.count > 0 else { throw SpikelineError(file: directory + "/" + n.trainImages, "holds no training images") }
    guard test.count > 0 else { throw SpikelineError(file: directory + "/" + n.testImages, "holds no test images") }
    // Classes are the labels of the training images; every class must have images (a gap means a
    // corrupted label), and a test label must be one of them.
    let trainClasses = Set(train.labels)
    let classes = (train.labels.max() ?? -1) + 1
    if let missing = (0..<classes).first(where: { !trainClasses.contains($0) }), let odd = train.labels.lastIndex(of: classes - 1) {
      throw SpikelineError(file: directory + "/" + n.trainLabels, location: .byteOffset(8 + odd),
                           "label \(classes - 1) of training image \(odd) leaves class \(missing) without images; the labels look corrupted")
    }
    if let bad = test.labels.firstIndex(where: { $0 >= classes }) {
      throw SpikelineError(file: directory + "/" + n.testLabels, location: .byteOffset(8 + bad),
                           "label \(test.labels[bad]) of test image \(bad) is not a class of the training images (0...\(classes - 1))")
    }
    return ImageDataset(name: name ?? String(directory.split(separator: "/").last ?? "images"), train: train, test: test, classCount: classes)
  }

  static func loadSplit(images imagePath: String, labels labelPath: String) throws -> ImageSet {
    let images = try IDXFile.read(imagePath)
    guard images.shape.count == 3 else {
      throw SpikelineError(file: imagePath, location: .byteOffset(3), "expected 3 dimensions (count, rows, columns), found \(images.shape.count)")
    }
    let labels = try IDXFile.read(labelPath)
    guard labels.shape.count == 1 else {
      throw SpikelineError(file: labelPath, location: .byteOffset(3), "expected 1 dimension (count), found \(labels.shape.count)")
    }
    guard labels.shape[0] == images.shape[0] else {
      throw SpikelineError(file: labelPath, location: .byteOffset(4), "\(labels.shape[0]) labels for \(images.shape[0]) images in \(imagePath)")
    }
    return ImageSet(pixels: images.values, labels: labels.values.map(Int.init), height: images.shape[1], width: images.shape[2])
  }
}
