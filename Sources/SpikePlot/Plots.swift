import Foundation

/// A named series of (x, y) points.
public struct Series: Sendable {
  /// The legend entry.
  public var name: String
  /// The (x, y) points in data units, drawn in order.
  public var points: [(Double, Double)]
  /// Draw the line dashed (for reference or published values).
  public var dashed: Bool
  /// A series of `points` named `name`.
  public init(name: String, points: [(Double, Double)], dashed: Bool = false) {
    self.name = name
    self.points = points
    self.dashed = dashed
  }
}

/// The plots Spikeline writes: spike rasters, membrane traces, line charts and stacked bars.
public enum Plots {
  /// A spike raster: one row per neuron, rows of successive groups stacked (first group on top).
  /// - Parameter groups: (name, neuron count, spikes as (time s, neuron)).
  public static func raster(title: String, groups: [(name: String, size: Int, spikes: [(Double, Int)])],
                            duration: Double, maxSpikes: Int = 200_000) -> String {
    let rows = max(groups.reduce(0) { $0 + $1.size }, 1)
    var svg = SVGDocument(width: 900, height: 520)
    var axes = Axes(width: 900, height: 520, x: 0...max(duration * 1e3, 1e-3), y: 0...Double(rows))
    axes.right = 110
    axes.draw(on: &svg, title: title, xLabel: "time (ms)", yLabel: "neuron")
    let tickHeight = max(min(axes.plotHeight / Double(rows), 6), 0.6)
    var offset = 0
    var drawn = 0
    for (index, group) in groups.enumerated() {
      var points: [(Double, Double)] = []
      for (time, neuron) in group.spikes where drawn < maxSpikes {
        points.append((axes.x(time * 1e3), axes.y(Double(rows - offset - neuron) - 0.5)))
        drawn += 1
      }
      svg.ticks(points, height: tickHeight, stroke: Palette.color(index))
      svg.text(Self.fitted(group.name, 15), x: axes.left + axes.plotWidth + 8, y: axes.y(Double(rows - offset) - Double(group.size) / 2) + 4,
               size: 12, fill: Palette.color(index))
      offset += group.size
    }
    return svg.text
  }

  /// Lines over a shared x axis, with a legend; optional horizontal reference lines (e.g. thresholds).
  public static func lines(title: String, xLabel: String, yLabel: String, series: [Series],
                           references: [(name: String, value: Double)] = [], yRange: ClosedRange<Double>? = nil) -> String {
    let xs = series.flatMap { $0.points.map(\.0) }
    let ys = series.flatMap { $0.points.map(\.1) } + references.map(\.value)
    let xr = (xs.min() ?? 0)...(xs.max() ?? 1)
    var yr = yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
    if yRange == nil {
      let pad = (yr.upperBound - yr.lowerBound) * 0.05
      yr = (yr.lowerBound - pad)...(yr.upperBound + pad)
    }
    var svg = SVGDocument(width: 900, height: 480)
    var axes = Axes(width: 900, height: 480, x: xr, y: yr)
    axes.right = 170
    axes.draw(on: &svg, title: title, xLabel: xLabel, yLabel: yLabel)
    // Labels live in the right margin, outside the plot; reference labels sit at their line's height
    // and legend entries take the free rows between them, so no label covers a line or another label.
    let margin = Int((axes.right - 40) / 6.2)
    var taken: [Double] = []
    for reference in references {
      let y = axes.y(reference.value)
      svg.line(axes.left, y, axes.left + axes.plotWidth, y, stroke: "#999", dash: "6 4")
      svg.text(Self.fitted(reference.name, margin + 4), x: axes.left + axes.plotWidth + 8, y: y + 4, size: 11, fill: "#666")
      taken.append(y + 4)
    }
    var legendY = axes.top + 14
    for (index, s) in series.enumerated() {
      let color = Palette.color(index)
      if s.points.count == 1 {
        svg.circle(axes.x(s.points[0].0), axes.y(s.points[0].1), 3, fill: color)
      } else {
        svg.polyline(s.points.map { (axes.x($0.0), axes.y($0.1)) }, stroke: color)
      }
      while taken.contains(where: { abs($0 - legendY) < 15 }) { legendY += 18 }
      svg.line(axes.left + axes.plotWidth + 8, legendY - 4, axes.left + axes.plotWidth + 28, legendY - 4, stroke: color, width: 2.5)
      svg.text(Self.fitted(s.name, margin), x: axes.left + axes.plotWidth + 32, y: legendY, size: 11)
      legendY += 18
    }
    return svg.text
  }

  /// Stacked bars: one bar per category, one colour per component (e.g. energy parts per population).
  public static func stackedBars(title: String, yLabel: String, categories: [String], components: [String],
                                 values: [[Double]]) -> String {
    let totals = values.map { $0.reduce(0, +) }
    let top = max(totals.max() ?? 1, 1e-300)
    var svg = SVGDocument(width: 900, height: 480)
    var axes = Axes(width: 900, height: 480, x: 0...Double(max(categories.count, 1)), y: 0...(top * 1.08))
    axes.right = 150
    svg.rect(axes.left, axes.top, axes.plotWidth, axes.plotHeight, fill: "none", stroke: "#888")
    for tick in Axes.niceTicks(axes.yRange) {
      let py = axes.y(tick)
      svg.line(axes.left - 5, py, axes.left + axes.plotWidth, py, stroke: "#eee")
      svg.text(Axes.label(tick), x: axes.left - 8, y: py + 4, size: 11, anchor: "end")
    }
    svg.text(title, x: 450, y: 22, size: 15, anchor: "middle")
    svg.text(yLabel, x: 16, y: axes.top + axes.plotHeight / 2, size: 12, anchor: "middle", rotate: -90)
    let slot = axes.plotWidth / Double(max(categories.count, 1))
    for (c, category) in categories.enumerated() {
      var base = 0.0
      let x0 = axes.left + Double(c) * slot + slot * 0.15
      for (k, value) in values[c].enumerated() where value > 0 {
        let y0 = axes.y(base), y1 = axes.y(base + value)
        svg.rect(x0, y1, slot * 0.7, y0 - y1, fill: Palette.color(k))
        base += value
      }
      svg.text(Self.fitted(category, max(4, Int(slot / 6.5))), x: x0 + slot * 0.35, y: axes.top + axes.plotHeight + 18, size: 11, anchor: "middle")
    }
    for (k, component) in components.enumerated() {
      let y = axes.top + 14 + Double(k) * 18
      svg.rect(axes.left + axes.plotWidth + 10, y - 10, 12, 12, fill: Palette.color(k))
      svg.text(Self.fitted(component, Int((axes.right - 40) / 6.2)), x: axes.left + axes.plotWidth + 28, y: y, size: 11)
    }
    return svg.text
  }

  /// `text` cut to `characters` (with an ellipsis) so that a label stays inside the figure.
  static func fitted(_ text: String, _ characters: Int) -> String {
    text.count <= characters ? text : String(text.prefix(max(characters - 1, 1))) + "…"
  }
}
