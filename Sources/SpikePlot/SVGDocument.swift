import Foundation

/// A minimal SVG writer: shapes and text in user units, escaped, with fixed number formatting so
/// the same plot gives the same bytes.
public struct SVGDocument {
  /// Width, SVG user units.
  public let width: Double
  /// Height, SVG user units.
  public let height: Double
  private var elements: [String] = []

  /// An empty document of `width` × `height` user units (drawn on a white background).
  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(format: "%.2f", rounded)
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  /// A straight line from (x1, y1) to (x2, y2).
  public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000",
                            width strokeWidth: Double = 1, dash: String? = nil) {
    let n = Self.number
    elements.append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
  }

  /// A rectangle with its top-left corner at (x, y).
  public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil) {
    let n = Self.number
    elements.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(w, 0)))\" height=\"\(n(max(h, 0)))\" fill=\"\(fill)\"\(stroke.map { " stroke=\"\($0)\"" } ?? "")/>")
  }

  /// A filled circle of radius `r` centred at (cx, cy).
  public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, fill: String) {
    let n = Self.number
    elements.append("<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\"/>")
  }

  /// A line through `points`, in order.
  public mutating func polyline(_ points: [(Double, Double)], stroke: String, width strokeWidth: Double = 1.5) {
    guard !points.isEmpty else { return }
    let n = Self.number
    let text = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
    elements.append("<polyline points=\"\(text)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"/>")
  }

  /// A path of many short vertical ticks (compact for rasters with thousands of spikes).
  public mutating func ticks(_ points: [(Double, Double)], height tickHeight: Double, stroke: String) {
    guard !points.isEmpty else { return }
    let n = Self.number
    var d = ""
    for (x, y) in points { d += "M\(n(x)) \(n(y - tickHeight / 2))v\(n(tickHeight))" }
    elements.append("<path d=\"\(d)\" stroke=\"\(stroke)\" stroke-width=\"1\"/>")
  }

  /// Text at (x, y), escaped; `anchor` is SVG's text-anchor (start, middle, end).
  public mutating func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                            rotate: Double? = nil, fill: String = "#222") {
    let n = Self.number
    let transform = rotate.map { " transform=\"rotate(\(n($0)) \(n(x)) \(n(y)))\"" } ?? ""
    elements.append("<text x=\"\(n(x))\" y=\"\(n(y))\" font-family=\"sans-serif\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(transform)>\(Self.escape(string))</text>")
  }

  /// The document text.
  public var text: String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#fff\"/>\n"
    for element in elements { out += element + "\n" }
    out += "</svg>\n"
    return out
  }
}

/// Colours for series, chosen to stay distinguishable in print.
public enum Palette {
  /// Ten colours (matplotlib's), in the order series take them.
  public static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
  /// The colour of series `index` (cycling after ten).
  public static func color(_ index: Int) -> String { colors[index % colors.count] }
}
