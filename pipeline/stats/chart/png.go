package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// Font is a CJK font loaded for PNG charts. It is read-only and safe for concurrent use.
type Font struct {
	// Path is the file it was read from.
	Path string
	// Name is the family name of the face used (a collection holds several), such as
	// "Noto Sans CJK SC".
	Name string
	face *opentype.Font
}

// LoadFont reads a TrueType or OpenType font or collection (.ttf, .otf, .ttc) and picks the
// face that covers simplified Chinese: a family whose name says SC, GB or Hans, else the
// first with glyphs for 中文. It fails when no face has them.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("chart: font %s: %w", path, err)
	}
	var buf sfnt.Buffer
	var first *Font
	for i := 0; i < coll.NumFonts(); i++ {
		f, err := coll.Font(i)
		if err != nil {
			continue
		}
		if !hasGlyphs(f, &buf, "中文框架") {
			continue
		}
		name, _ := f.Name(&buf, sfnt.NameIDFamily)
		cand := &Font{Path: path, Name: name, face: f}
		if strings.Contains(name, "Mono") {
			continue
		}
		for _, tag := range []string{" SC", "GB", "Hans", "CN"} {
			if strings.Contains(name, tag) {
				return cand, nil
			}
		}
		if first == nil {
			first = cand
		}
	}
	if first == nil {
		return nil, fmt.Errorf("chart: font %s has no face with Chinese glyphs", path)
	}
	return first, nil
}

func hasGlyphs(f *sfnt.Font, buf *sfnt.Buffer, s string) bool {
	for _, r := range s {
		if i, err := f.GlyphIndex(buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// fontDirs are the folders FindFont searches, in order.
var fontDirs = []string{
	"/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
	"/System/Library/Fonts", "/Library/Fonts", "~/Library/Fonts",
	`C:\Windows\Fonts`,
}

// fontNames rank font files by their lower-cased base name: the first substring that matches
// gives the rank (lower is better).
var fontNames = []string{
	"notosanscjksc-regular", "notosanscjk-regular", "notosanssc-regular", "sourcehansanssc-regular",
	"sourcehansans-regular", "notosanscjk", "notosanssc", "sourcehansans", "notoserifcjk",
	"pingfang", "msyh", "simhei", "wqy-microhei", "wqy-zenhei", "droidsansfallback",
	"stheiti", "hiragino sans gb", "simsun", "uming", "ukai",
}

// FindFont looks for a CJK font file in the usual folders of Linux, macOS and Windows
// (fontDirs), best first (Noto Sans CJK / Source Han Sans, PingFang, Microsoft YaHei,
// WenQuanYi, Droid Sans Fallback, …), and returns the first that loads. The error says
// where it looked, what failed and what to install.
func FindFont() (*Font, error) {
	type cand struct {
		path string
		rank int
	}
	var cands []cand
	home, _ := os.UserHomeDir()
	var looked []string
	for _, dir := range fontDirs {
		if strings.HasPrefix(dir, "~") {
			if home == "" {
				continue
			}
			dir = filepath.Join(home, dir[1:])
		}
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		looked = append(looked, dir)
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			base := strings.ToLower(d.Name())
			switch filepath.Ext(base) {
			case ".ttf", ".otf", ".ttc", ".otc":
			default:
				return nil
			}
			for rank, n := range fontNames {
				if strings.Contains(base, n) {
					cands = append(cands, cand{p, rank})
					break
				}
			}
			return nil
		})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].rank != cands[j].rank {
			return cands[i].rank < cands[j].rank
		}
		return cands[i].path < cands[j].path
	})
	var tried []string
	for _, c := range cands {
		f, err := LoadFont(c.path)
		if err == nil {
			return f, nil
		}
		tried = append(tried, err.Error())
	}
	msg := "chart: no CJK font found for a PNG chart"
	if len(looked) > 0 {
		msg += " (looked in " + strings.Join(looked, ", ") + ")"
	}
	if len(tried) > 0 {
		msg += "; could not use: " + strings.Join(tried, "; ")
	}
	msg += "; install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) or name a .ttf/.otf/.ttc file with -font, or write SVG, which needs no font"
	return nil, errors.New(msg)
}

// pngDPI is the resolution of PNG charts: 2 pixels per point, sharp on high-density screens.
const pngDPI = 144

// PNG draws the chart as a PNG image with font f (FindFont or LoadFont), at 2 pixels per
// point.
func (c *Chart) PNG(w io.Writer, f *Font) error {
	if f == nil {
		return errors.New("chart: PNG needs a CJK font")
	}
	if err := c.check(); err != nil {
		return err
	}
	width, height := c.size()
	img := vgimg.NewWith(vgimg.UseWH(vg.Points(width), vg.Points(height)), vgimg.UseDPI(pngDPI))
	c.draw(&pngCanvas{c: img, h: height, font: f})
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w); err != nil {
		return fmt.Errorf("chart: writing PNG: %w", err)
	}
	return nil
}

// pngCanvas draws on a gonum/plot vg canvas, whose y axis points up.
type pngCanvas struct {
	c    vg.Canvas
	h    float64
	font *Font
}

func (p *pngCanvas) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Points(x), Y: vg.Points(p.h - y)}
}

func (p *pngCanvas) rect(x, y, w, h float64, fill string) {
	var path vg.Path
	path.Move(p.pt(x, y))
	path.Line(p.pt(x+w, y))
	path.Line(p.pt(x+w, y+h))
	path.Line(p.pt(x, y+h))
	path.Close()
	p.c.SetColor(hexColor(fill))
	p.c.Fill(path)
}

func (p *pngCanvas) polyline(pts [][2]float64, stroke string, width float64) {
	var path vg.Path
	for i, q := range pts {
		if i == 0 {
			path.Move(p.pt(q[0], q[1]))
		} else {
			path.Line(p.pt(q[0], q[1]))
		}
	}
	p.c.SetColor(hexColor(stroke))
	p.c.SetLineWidth(vg.Points(width))
	p.c.Stroke(path)
}

func (p *pngCanvas) circle(x, y, r float64, fill string) {
	var path vg.Path
	c := p.pt(x, y)
	path.Move(vg.Point{X: c.X + vg.Points(r), Y: c.Y})
	path.Arc(c, vg.Points(r), 0, 2*math.Pi)
	path.Close()
	p.c.SetColor(hexColor(fill))
	p.c.Fill(path)
}

func (p *pngCanvas) text(x, y float64, s string, size float64, anchor string, deg float64, fill string) {
	face := font.Face{Font: font.Font{Typeface: font.Typeface(p.font.Name), Size: vg.Points(size)}, Face: p.font.face}
	dx := vg.Length(0)
	switch anchor {
	case "middle":
		dx = -face.Width(s) / 2
	case "end":
		dx = -face.Width(s)
	}
	p.c.Push()
	p.c.Translate(p.pt(x, y))
	p.c.Rotate(-deg * math.Pi / 180) // clockwise on the page is negative with y up
	p.c.SetColor(hexColor(fill))
	p.c.FillString(face, vg.Point{X: dx}, s)
	p.c.Pop()
}

// hexColor parses #rrggbb (black when malformed: the palette is ours).
func hexColor(s string) color.Color {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return color.Black
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
