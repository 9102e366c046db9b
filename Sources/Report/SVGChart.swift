import Foundation

/// The report's charts as inline SVG: small pure functions from figures to markup, with no
/// script, font or network, the same bytes for the same figures. Every chart is an image to
/// assistive technology (`role="img"`, `aria-label`, `<title>`, `<desc>`), every bar carries a
/// `<title>` with its exact figure (a tooltip on screen), and text is escaped with `HTML.escape`.
/// Inline SVG inside HTML needs no namespace declaration, so the page holds no URL at all.
enum SVGChart {
    /// A legend entry: a colour and its meaning, in Vietnamese with the English beside it.
    struct Series: Equatable {
        let name: String
        let english: String
        let color: String
    }

    /// One bar: its length on the chart's scale, the text written after it, its colour and the
    /// tooltip with the exact figure. A nil value leaves the bar's slot empty, with its text.
    struct Bar: Equatable {
        let value: Double?
        let label: String
        let color: String
        let tooltip: String
    }

    /// A row label: Vietnamese, with the English in smaller type below it.
    struct Label: Equatable {
        let vi: String
        let en: String?
    }

    /// A group of bars beside one row label (grouped bar chart).
    struct Group: Equatable {
        let label: Label
        let bars: [Bar]
    }

    /// A vertical line at a value of the scale (e.g. 100% of plan), with its text.
    struct Reference: Equatable {
        let value: Double
        let label: String
    }

    /// One stacked bar: a segment per series (in legend order) and the text after the bar.
    struct StackRow: Equatable {
        let label: Label
        let values: [Double]
        let totalLabel: String
        /// The tooltip of each segment, in series order.
        let tooltips: [String]
    }

    /// A side-by-side panel of a stacked chart: its heading, its rows (same row labels as the
    /// other panels) and how its axis ticks are written.
    struct Panel {
        let title: String
        let rows: [StackRow]
        let tick: (Double) -> String
    }

    // MARK: - Geometry

    static let width = 960.0
    static let fontSize = 12.0
    static let smallFontSize = 10.5

    /// A conservative width estimate of a text in the chart's sans-serif font (DejaVu Sans,
    /// the widest common one), so that labels and legend entries do not collide.
    static func textWidth(_ text: String, size: Double = fontSize) -> Double {
        Double(text.count) * size * 0.6
    }

    /// A round upper bound of the scale and its tick step: 163 → (175, 25), 17.05 → (20, 5).
    static func niceScale(_ maximum: Double, ticks: Int = 7) -> (max: Double, step: Double) {
        guard maximum > 0, maximum.isFinite else { return (1, 0.25) }
        let rough = maximum / Double(ticks)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        return (ceil(maximum / step - 1e-9) * step, step)
    }

    /// Coordinates with one decimal, the same on every machine.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// The opening tag with the accessibility attributes, the title and the description.
    static func open(id: String, title: String, description: String, height: Double) -> String {
        let id = HTML.escape(id)
        return "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\" aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\""
            + " font-size=\"\(n(fontSize))\" preserveAspectRatio=\"xMinYMin meet\">"
            + "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
    }

    /// The legend in rows that wrap within the chart's width; returns the markup and its height.
    static func legend(_ series: [Series], top: Double, left: Double = 8) -> (svg: String, height: Double) {
        guard !series.isEmpty else { return ("", 0) }
        var svg = "<g class=\"legend\">"
        var x = left, y = top
        let rowHeight = 30.0
        for s in series {
            let itemWidth = 18 + max(textWidth(s.name), textWidth(s.english, size: smallFontSize)) + 18
            if x > left && x + itemWidth > width - 8 { x = left; y += rowHeight }
            svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 1))\" width=\"12\" height=\"12\" fill=\"\(HTML.escape(s.color))\"/>"
            svg += "<text x=\"\(n(x + 17))\" y=\"\(n(y + 11))\">\(HTML.escape(s.name))</text>"
            svg += "<text class=\"en\" x=\"\(n(x + 17))\" y=\"\(n(y + 24))\" font-size=\"\(n(smallFontSize))\" fill=\"#666\">\(HTML.escape(s.english))</text>"
            x += itemWidth
        }
        return (svg + "</g>", y + rowHeight - top + 6)
    }

    /// A row label at the left, right-aligned against the plot, in one or two lines.
    static func rowLabel(_ label: Label, right: Double, middle: Double) -> String {
        guard let en = label.en, !en.isEmpty else {
            return "<text x=\"\(n(right))\" y=\"\(n(middle + 4))\" text-anchor=\"end\">\(HTML.escape(label.vi))</text>"
        }
        return "<text x=\"\(n(right))\" y=\"\(n(middle - 2))\" text-anchor=\"end\">\(HTML.escape(label.vi))</text>"
            + "<text class=\"en\" x=\"\(n(right))\" y=\"\(n(middle + 11))\" text-anchor=\"end\" font-size=\"\(n(smallFontSize))\" fill=\"#666\">\(HTML.escape(en))</text>"
    }

    /// Vertical grid lines and their tick labels below the plot.
    static func axis(left: Double, plotWidth: Double, top: Double, bottom: Double, scale: (max: Double, step: Double),
                     tick: (Double) -> String) -> String {
        var svg = "<g class=\"axis\">"
        var value = 0.0
        while value <= scale.max + scale.step * 1e-6 {
            let x = left + value / scale.max * plotWidth
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(bottom))\" stroke=\"\(value == 0 ? "#999" : "#e3e3e3")\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(n(x))\" y=\"\(n(bottom + 14))\" text-anchor=\"middle\" font-size=\"\(n(smallFontSize))\" fill=\"#555\">\(HTML.escape(tick(value)))</text>"
            value += scale.step
        }
        return svg + "</g>"
    }

    // MARK: - Charts

    /// Horizontal grouped bars: one group per row label, one bar per series in each group, all
    /// on one scale from 0, with an optional reference line (100% of plan).
    static func groupedBars(id: String, title: String, description: String, legend series: [Series], groups: [Group],
                            labelWidth: Double = 250, valueWidth: Double = 150, barHeight: Double = 14, barGap: Double = 3,
                            reference: Reference? = nil, tick: (Double) -> String) -> String {
        let groupGap = 14.0
        let left = labelWidth, plotWidth = width - labelWidth - valueWidth
        let legendPart = legend(series, top: 6)
        var top = 6 + legendPart.height + (reference == nil ? 0 : 16)
        let maximum = groups.flatMap { $0.bars.compactMap(\.value) }.max() ?? 0
        let scale = niceScale(max(maximum, reference?.value ?? 0))
        func x(_ value: Double) -> Double { left + max(0, value) / scale.max * plotWidth }
        let plotTop = top - 4
        var bars = "", labels = ""
        for group in groups {
            let groupHeight = Double(group.bars.count) * barHeight + Double(max(0, group.bars.count - 1)) * barGap
            labels += rowLabel(group.label, right: left - 8, middle: top + groupHeight / 2)
            var y = top
            for bar in group.bars {
                if let value = bar.value {
                    bars += "<rect x=\"\(n(left))\" y=\"\(n(y))\" width=\"\(n(x(value) - left))\" height=\"\(n(barHeight))\" fill=\"\(HTML.escape(bar.color))\">"
                        + "<title>\(HTML.escape(bar.tooltip))</title></rect>"
                }
                bars += "<text x=\"\(n(x(bar.value ?? 0) + 4))\" y=\"\(n(y + barHeight / 2 + 3.5))\" font-size=\"\(n(smallFontSize))\">\(HTML.escape(bar.label))</text>"
                y += barHeight + barGap
            }
            top += groupHeight + groupGap
        }
        let plotBottom = top - groupGap + 4
        var svg = open(id: id, title: title, description: description, height: plotBottom + 24)
        svg += legendPart.svg
        svg += axis(left: left, plotWidth: plotWidth, top: plotTop, bottom: plotBottom, scale: scale, tick: tick)
        svg += labels + bars
        if let reference {
            let rx = x(reference.value)
            svg += "<line class=\"reference\" x1=\"\(n(rx))\" y1=\"\(n(plotTop - 6))\" x2=\"\(n(rx))\" y2=\"\(n(plotBottom))\" stroke=\"#1b1b1b\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
            svg += "<text x=\"\(n(rx))\" y=\"\(n(plotTop - 9))\" text-anchor=\"middle\" font-size=\"\(n(smallFontSize))\" font-weight=\"bold\">\(HTML.escape(reference.label))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal stacked bars in side-by-side panels that share their row labels (e.g. the
    /// count and the amount of each district's exceptions, stacked by type).
    static func stackedBars(id: String, title: String, description: String, legend series: [Series], panels: [Panel],
                            labelWidth: Double = 150, valueWidth: Double = 78) -> String {
        let barHeight = 18.0, rowGap = 15.0, panelGap = 24.0
        let legendPart = legend(series, top: 6)
        let headTop = 6 + legendPart.height
        let plotTop = headTop + 26
        let rowCount = panels.map(\.rows.count).max() ?? 0
        let plotBottom = plotTop + Double(rowCount) * (barHeight + rowGap) - rowGap + 4
        let panelWidth = (width - labelWidth - Double(max(0, panels.count - 1)) * panelGap) / Double(max(1, panels.count))
        var svg = open(id: id, title: title, description: description, height: plotBottom + 24)
        svg += legendPart.svg
        if let first = panels.first {
            for (i, row) in first.rows.enumerated() {
                svg += rowLabel(row.label, right: labelWidth - 8, middle: plotTop + Double(i) * (barHeight + rowGap) + barHeight / 2)
            }
        }
        for (p, panel) in panels.enumerated() {
            let left = labelWidth + Double(p) * (panelWidth + panelGap)
            let plotWidth = panelWidth - valueWidth
            let scale = niceScale(panel.rows.map { $0.values.reduce(0) { $0 + max(0, $1) } }.max() ?? 0, ticks: 4)
            svg += "<text x=\"\(n(left))\" y=\"\(n(headTop + 12))\" font-weight=\"bold\">\(HTML.escape(panel.title))</text>"
            svg += axis(left: left, plotWidth: plotWidth, top: plotTop - 4, bottom: plotBottom, scale: scale, tick: panel.tick)
            for (i, row) in panel.rows.enumerated() {
                let y = plotTop + Double(i) * (barHeight + rowGap)
                var x = left
                for (s, value) in row.values.enumerated() where value > 0 {
                    let w = value / scale.max * plotWidth
                    let color = s < series.count ? series[s].color : "#999"
                    let tooltip = s < row.tooltips.count ? row.tooltips[s] : ""
                    svg += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(barHeight))\" fill=\"\(HTML.escape(color))\" stroke=\"#fff\" stroke-width=\"0.5\">"
                        + "<title>\(HTML.escape(tooltip))</title></rect>"
                    x += w
                }
                svg += "<text x=\"\(n(x + 4))\" y=\"\(n(y + barHeight - 5))\" font-size=\"\(n(smallFontSize))\">\(HTML.escape(row.totalLabel))</text>"
            }
        }
        return svg + "</svg>"
    }
}
