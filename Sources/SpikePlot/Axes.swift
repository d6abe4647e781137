import Foundation

/// A plot area with linear axes, "nice" tick values, labels and a title.
public struct Axes {
  /// The data range of the x axis.
  public var xRange: ClosedRange<Double>
  /// The data range of the y axis.
  public var yRange: ClosedRange<Double>
  /// Margins around the plot area, in SVG user units (room for tick labels, axis labels and the title).
  public var left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
  /// Width of the whole figure, SVG user units.
  public let width: Double
  /// Height of the whole figure, SVG user units.
  public let height: Double

  /// Axes for a `width` × `height` figure over the data ranges `x` and `y` (an empty range is widened by ±0.5).
  public init(width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
    self.width = width
    self.height = height
    xRange = x.lowerBound == x.upperBound ? (x.lowerBound - 0.5)...(x.upperBound + 0.5) : x
    yRange = y.lowerBound == y.upperBound ? (y.lowerBound - 0.5)...(y.upperBound + 0.5) : y
  }

  /// Width of the plot area inside the margins.
  public var plotWidth: Double { width - left - right }
  /// Height of the plot area inside the margins.
  public var plotHeight: Double { height - top - bottom }

  /// The horizontal SVG coordinate of data value `value`.
  public func x(_ value: Double) -> Double {
    left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth
  }

  /// The vertical SVG coordinate of data value `value` (up is larger).
  public func y(_ value: Double) -> Double {
    top + (1 - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * plotHeight
  }

  /// About `count` round tick values covering `range` (1, 2 or 5 × 10ⁿ steps).
  public static func niceTicks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else { return [range.lowerBound] }
    let raw = span / Double(max(count, 1))
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
    var ticks: [Double] = []
    var value = (range.lowerBound / step).rounded(.up) * step
    while value <= range.upperBound + step * 1e-9 {
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return ticks
  }

  static func label(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e4 || magnitude < 1e-3 { return String(format: "%.2g", value) }
    if value == value.rounded() { return String(Int(value)) }
    return String(format: "%.3g", value)
  }

  /// Draws the frame, ticks, labels and title.
  public func draw(on svg: inout SVGDocument, title: String, xLabel: String, yLabel: String) {
    svg.rect(left, top, plotWidth, plotHeight, fill: "none", stroke: "#888")
    for tick in Axes.niceTicks(xRange) {
      let px = x(tick)
      svg.line(px, top + plotHeight, px, top + plotHeight + 5, stroke: "#444")
      svg.line(px, top, px, top + plotHeight, stroke: "#eee")
      svg.text(Axes.label(tick), x: px, y: top + plotHeight + 18, size: 11, anchor: "middle")
    }
    for tick in Axes.niceTicks(yRange) {
      let py = y(tick)
      svg.line(left - 5, py, left, py, stroke: "#444")
      svg.line(left, py, left + plotWidth, py, stroke: "#eee")
      svg.text(Axes.label(tick), x: left - 8, y: py + 4, size: 11, anchor: "end")
    }
    svg.text(title, x: width / 2, y: 22, size: 15, anchor: "middle")
    svg.text(xLabel, x: left + plotWidth / 2, y: height - 12, size: 12, anchor: "middle")
    svg.text(yLabel, x: 16, y: top + plotHeight / 2, size: 12, anchor: "middle", rotate: -90)
  }
}
