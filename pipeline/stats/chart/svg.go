package chart

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// FontFamily is the CSS font-family of every text of an SVG chart: the common CJK fonts of
// Linux, macOS and Windows, then the browser's sans-serif.
const FontFamily = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif`

// svgCanvas writes SVG elements; the first write error is kept and reported by close.
type svgCanvas struct {
	w   *bufio.Writer
	err error
}

func newSVG(w io.Writer, width, height float64) *svgCanvas {
	s := &svgCanvas{w: bufio.NewWriter(w)}
	s.printf(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">
<style>text { font-family: %s; }</style>
`, num(width), num(height), num(width), num(height), FontFamily)
	return s
}

func (s *svgCanvas) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

// num formats a coordinate with two decimals at most.
func num(x float64) string {
	t := fmt.Sprintf("%.2f", x)
	t = strings.TrimRight(t, "0")
	return strings.TrimSuffix(t, ".")
}

func (s *svgCanvas) rect(x, y, w, h float64, fill string) {
	s.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>\n", num(x), num(y), num(w), num(h), fill)
}

func (s *svgCanvas) polyline(pts [][2]float64, stroke string, width float64) {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p[0]) + "," + num(p[1]))
	}
	s.printf("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>\n", b.String(), stroke, num(width))
}

func (s *svgCanvas) circle(x, y, r float64, fill string) {
	s.printf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>\n", num(x), num(y), num(r), fill)
}

func (s *svgCanvas) text(x, y float64, str string, size float64, anchor string, deg float64, fill string) {
	var esc strings.Builder
	xml.EscapeText(&esc, []byte(str))
	rot := ""
	if deg != 0 {
		rot = fmt.Sprintf(" transform=\"rotate(%s %s %s)\"", num(deg), num(x), num(y))
	}
	s.printf("<text x=\"%s\" y=\"%s\" font-size=\"%s\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>\n",
		num(x), num(y), num(size), anchor, fill, rot, esc.String())
}

func (s *svgCanvas) close() error {
	s.printf("</svg>\n")
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("chart: writing SVG: %w", s.err)
	}
	return nil
}
