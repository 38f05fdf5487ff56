package normalize

import (
	"path"
	"strings"
	"unicode"
)

// IsMarkdownPath tells whether the text of a document read from a file of this path (a
// Document.Path) is Markdown, by the file's extension (.md, .markdown): what the analysis
// normalizes with Options.Markdown.
func IsMarkdownPath(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// Visibility says how a character of the original text is shown to a reader who should see
// the text without its Markdown markup, as the analysis reads it.
type Visibility uint8

const (
	// Visible characters produced analysis text: they are shown as they are (the original
	// character, not its folded or simplified form).
	Visible Visibility = iota
	// Hidden characters produced no analysis text: markup (emphasis marks, link targets,
	// heading and list markers, HTML tags that stand for nothing) and invisible characters.
	Hidden
	// AsSpace characters are markup that stands for a break between words (a <br />, a
	// table's cell border): shown as one space.
	AsSpace
)

// Visibility returns, for each character (code point) of Original, how it is shown without
// markup, indexed by character offset; an invalid byte counts as one character. A reader's
// view of the text is its Visible characters, each run of AsSpace characters as one space.
func (r *Result) Visibility() []Visibility {
	vis := make([]Visibility, r.Chars)
	for i := range vis {
		vis[i] = Hidden
	}
	for i, p := range r.m.pieces {
		v := Visible
		if p.atomic && strings.TrimFunc(r.Analysis[p.a:r.m.end(i)], unicode.IsSpace) == "" {
			// White space standing for what it replaced: a line break stays Visible (it is
			// white space itself), markup becomes a space.
			v = AsSpace
		}
		for c := int(p.c); c < int(p.c+p.n) && c < len(vis); c++ {
			vis[c] = v
		}
	}
	return vis
}
