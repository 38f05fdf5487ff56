// Package chart draws frame statistics: stacked bars of frame shares by group, and lines of
// frame rates over time. A chart is laid out once and drawn by one of two back ends:
//
//   - SVG, written by hand: every label is a <text> element whose font-family lists the
//     common CJK fonts of each system ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
//     "Microsoft YaHei", …, sans-serif), so a browser renders the Chinese with whatever font it
//     has, and the file needs no font and stays small. gonum/plot's vgsvg was not used for
//     SVG: it writes one font-family (the face's own name, no fallback list), needs the font
//     file on the machine to measure text, and embedding copies the whole font into the file
//     (NotoSansCJK-Regular.ttc is 20 MB).
//   - PNG, drawn with gonum/plot's vgimg canvas and a CJK font file found on the machine
//     (FindFont) or named by the caller (LoadFont); without one, PNG fails with an error that
//     says where it looked and what to install.
//
// Coordinates are points (1/72 inch) from the top left corner, y down, as in SVG.
package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode"
)

// Kind is the kind of a chart.
type Kind int

// Kinds of chart.
const (
	// StackedBars draws one bar per X label whose segments are the series' values stacked
	// (frame shares: each bar adds up to 1).
	StackedBars Kind = iota
	// Lines draws one line per series over the X labels (frame rates by month).
	Lines
)

// Series is one frame (or other category) of a chart.
type Series struct {
	// Label is the legend's text, such as 泡沫与资本.
	Label string
	// Values holds one value per X label; NaN for no value (a gap in a line, nothing in a bar).
	Values []float64
}

// Chart is a chart to draw. It is plain data: build it, then call SVG or PNG.
type Chart struct {
	Kind  Kind
	Title string
	// XLabels name the bars or the points of the lines, left to right.
	XLabels []string
	// XNotes, when set, holds a second, smaller line under each X label: how many documents
	// a group has ("n=2"), so that a reader sees which bars and points stand on few.
	XNotes []string
	// XTitle and YTitle name the axes ("" for none).
	XTitle, YTitle string
	// Percent formats the Y axis as percentages of 1 (0%–100%), for shares.
	Percent bool
	Series  []Series
	// Width and Height in points; 0 means 800 × 500.
	Width, Height float64
}

// Palette is the colour of each series in turn (Tableau 10), repeated past ten series.
var Palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

// canvas is what a back end draws on; coordinates in points, y down.
type canvas interface {
	rect(x, y, w, h float64, fill string)
	polyline(pts [][2]float64, stroke string, width float64)
	circle(x, y, r float64, fill string)
	// text draws s with its baseline at y, anchored at x by anchor ("start", "middle" or
	// "end"), rotated by deg degrees clockwise around (x, y).
	text(x, y float64, s string, size float64, anchor string, deg float64, fill string)
}

// Font sizes, in points.
const (
	titleSize = 18
	labelSize = 12
	tickSize  = 11
)

// textWidth estimates the width of s at size: a wide (CJK) character is one em, another
// character about half of one. Layout uses it for both back ends, so that they agree.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if isWide(r) {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

// isWide tells whether r takes a full em: Han, kana, Hangul and full-width forms.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// check validates the chart's data.
func (c *Chart) check() error {
	if len(c.XLabels) == 0 {
		return fmt.Errorf("chart %q: nothing to draw (no group)", c.Title)
	}
	if len(c.Series) == 0 {
		return fmt.Errorf("chart %q: nothing to draw (no series)", c.Title)
	}
	for _, s := range c.Series {
		if len(s.Values) != len(c.XLabels) {
			return fmt.Errorf("chart %q: series %q has %d values for %d labels", c.Title, s.Label, len(s.Values), len(c.XLabels))
		}
	}
	return nil
}

func (c *Chart) size() (w, h float64) {
	w, h = c.Width, c.Height
	if w == 0 {
		w = 800
	}
	if h == 0 {
		h = 500
	}
	return w, h
}

// yMax returns the top of the Y axis and its tick step.
func (c *Chart) yMax() (top, step float64) {
	if c.Percent {
		return 1, 0.2
	}
	m := 0.0
	for _, s := range c.Series {
		for i, v := range s.Values {
			if c.Kind == StackedBars {
				v = 0
				for _, s2 := range c.Series {
					if !math.IsNaN(s2.Values[i]) {
						v += s2.Values[i]
					}
				}
			}
			if !math.IsNaN(v) && v > m {
				m = v
			}
		}
	}
	if m == 0 {
		return 1, 0.2
	}
	step = niceStep(m / 5)
	return math.Ceil(m/step) * step, step
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= x {
			return f * p
		}
	}
	return 10 * p
}

func (c *Chart) tickLabel(v float64) string {
	if c.Percent {
		return strconv.FormatFloat(math.Round(v*1e4)/1e2, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// draw lays the chart out on cv.
func (c *Chart) draw(cv canvas) {
	w, h := c.size()
	const axisColor, gridColor, textColor, noteColor = "#444444", "#dddddd", "#222222", "#777777"

	// Legend on the right.
	legendW := 0.0
	for _, s := range c.Series {
		legendW = math.Max(legendW, textWidth(s.Label, labelSize))
	}
	legendW += 30
	// X labels turn 45° when they do not fit side by side.
	left, right, top := 64.0, 20+legendW, 50.0
	if c.YTitle != "" {
		left += 18
	}
	plotW := w - left - right
	slot := plotW / float64(len(c.XLabels))
	maxLabel := 0.0
	for _, l := range c.XLabels {
		maxLabel = math.Max(maxLabel, textWidth(l, tickSize))
	}
	notes := len(c.XNotes) == len(c.XLabels)
	label := func(i int) string { return c.XLabels[i] }
	rotate := maxLabel > slot-4
	if rotate && notes {
		// A turned label carries its note on the same line.
		label = func(i int) string { return c.XLabels[i] + " (" + c.XNotes[i] + ")" }
		for i := range c.XLabels {
			maxLabel = math.Max(maxLabel, textWidth(label(i), tickSize))
		}
	}
	bottom := 40.0
	if rotate {
		bottom = 24 + maxLabel*math.Sqrt2/2
	} else if notes {
		bottom += 14
	}
	if c.XTitle != "" {
		bottom += 20
	}
	plotH := h - top - bottom
	x0, y0 := left, top+plotH // origin of the plot area

	cv.rect(0, 0, w, h, "#ffffff")
	if c.Title != "" {
		cv.text(w/2, 30, c.Title, titleSize, "middle", 0, textColor)
	}

	ymax, step := c.yMax()
	yOf := func(v float64) float64 { return y0 - v/ymax*plotH }
	for i := 0; float64(i)*step <= ymax*(1+1e-9); i++ {
		v := float64(i) * step
		y := yOf(v)
		cv.polyline([][2]float64{{x0, y}, {x0 + plotW, y}}, gridColor, 0.8)
		cv.text(x0-6, y+4, c.tickLabel(v), tickSize, "end", 0, textColor)
	}
	if c.YTitle != "" {
		cv.text(18, top+plotH/2, c.YTitle, labelSize, "middle", -90, textColor)
	}

	for i := range c.XLabels {
		x := x0 + slot*(float64(i)+0.5)
		if rotate {
			cv.text(x+4, y0+14, label(i), tickSize, "end", -45, textColor)
			continue
		}
		cv.text(x, y0+18, label(i), tickSize, "middle", 0, textColor)
		if notes {
			cv.text(x, y0+32, c.XNotes[i], tickSize-1, "middle", 0, noteColor)
		}
	}
	if c.XTitle != "" {
		cv.text(x0+plotW/2, h-10, c.XTitle, labelSize, "middle", 0, textColor)
	}

	switch c.Kind {
	case StackedBars:
		barW := slot * 0.6
		for i := range c.XLabels {
			x := x0 + slot*(float64(i)+0.5) - barW/2
			base := 0.0
			for si, s := range c.Series {
				v := s.Values[i]
				if math.IsNaN(v) || v <= 0 {
					continue
				}
				yTop := yOf(base + v)
				cv.rect(x, yTop, barW, yOf(base)-yTop, Palette[si%len(Palette)])
				base += v
			}
		}
	case Lines:
		for si, s := range c.Series {
			col := Palette[si%len(Palette)]
			var run [][2]float64
			flush := func() {
				if len(run) > 1 {
					cv.polyline(run, col, 2)
				}
				run = run[:0]
			}
			for i, v := range s.Values {
				if math.IsNaN(v) {
					flush()
					continue
				}
				x, y := x0+slot*(float64(i)+0.5), yOf(v)
				run = append(run, [2]float64{x, y})
				cv.circle(x, y, 3, col)
			}
			flush()
		}
	}
	cv.polyline([][2]float64{{x0, top}, {x0, y0}, {x0 + plotW, y0}}, axisColor, 1)

	lx, ly := w-legendW-4, top+6
	for si, s := range c.Series {
		cv.rect(lx, ly+20*float64(si), 14, 14, Palette[si%len(Palette)])
		cv.text(lx+20, ly+20*float64(si)+12, s.Label, labelSize, "start", 0, textColor)
	}
}

// SVG writes the chart as a standalone SVG document.
func (c *Chart) SVG(w io.Writer) error {
	if err := c.check(); err != nil {
		return err
	}
	width, height := c.size()
	s := newSVG(w, width, height)
	c.draw(s)
	return s.close()
}
