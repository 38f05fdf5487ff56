package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// ANSI styles of the pretty view.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiFrame   = "\x1b[36m" // cyan: a marker of a frame only
	ansiRhet    = "\x1b[35m" // magenta: a marker with a rhetoric category
	ansiNegated = "\x1b[31m" // red: a negated marker
	ansiTitle   = "\x1b[1;34m"
)

// prettyPrinter prints documents for people: a header, one sentence a line with its markers
// bracketed as 【term categories modifiers】, and the document's frames and stance.
type prettyPrinter struct {
	w     io.Writer
	color bool
	cb    *codebook.Codebook
}

func (p *prettyPrinter) style(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + ansiReset
}

func (p *prettyPrinter) print(r *model.Analyzed) error {
	a := r.Annotation
	head := a.ID
	for _, s := range []string{a.Title, a.Author, a.Source, a.Date} {
		if s != "" {
			head += " · " + s
		}
	}
	fmt.Fprintf(p.w, "%s\n", p.style(ansiTitle, "── "+head+" ──"))
	fmt.Fprintf(p.w, "%s\n", p.style(ansiDim, plural(a.Chars, "character")+", "+plural(a.Tokens, "word")+", "+plural(len(a.Sentences), "sentence")+", "+plural(len(a.Markers), "marker")))

	text := decodeRunes(r.Doc.Text)
	mi := 0
	for si, s := range a.Sentences {
		var b strings.Builder
		pos := s.Start
		for ; mi < len(a.Markers) && a.Markers[mi].Sentence == si; mi++ {
			m := a.Markers[mi]
			if m.Start < pos { // overlapping marker: already shown
				continue
			}
			b.WriteString(oneLine(text[pos:m.Start]))
			b.WriteString(p.marker(m))
			pos = m.End
		}
		b.WriteString(oneLine(text[pos:s.End]))
		prefix := fmt.Sprintf("%3d ", si)
		if s.Rhetorical {
			prefix += p.style(ansiBold, "反问 ")
		} else if s.Question {
			prefix += p.style(ansiBold, "问 ")
		}
		line := prefix + b.String()
		if len(s.Stance) > 0 {
			line += "  " + p.style(ansiDim, "{"+stanceList(s.Stance)+"}")
		}
		fmt.Fprintln(p.w, line)
	}
	if len(a.Frames) > 0 {
		parts := []string{}
		for _, id := range p.cb.FrameIDs() {
			if fs, ok := a.Frames[id]; ok {
				parts = append(parts, fmt.Sprintf("%s %d (%.2f‰)", id, fs.Hits, fs.Per1K))
			}
		}
		fmt.Fprintf(p.w, "frames: %s\n", strings.Join(parts, ", "))
	}
	if len(a.Stance) > 0 {
		parts := []string{}
		for _, id := range p.cb.TargetIDs() {
			if st, ok := a.Stance[id]; ok {
				part := fmt.Sprintf("%s %s (%+.2f; %d favor, %d against", id, st.Label, st.Score, st.Favor, st.Against)
				if st.Label != model.None && len(st.Evidence) == 0 {
					part += "; decided by the title" // no sentence carries the label
				}
				parts = append(parts, part+")")
			}
		}
		fmt.Fprintf(p.w, "stance: %s\n", strings.Join(parts, ", "))
	}
	fmt.Fprintln(p.w)
	return nil
}

// marker formats one marker as 【term categories modifiers】.
func (p *prettyPrinter) marker(m model.Marker) string {
	mods := []string{}
	if m.Negated {
		mods = append(mods, "negated")
	}
	if m.Quoted {
		mods = append(mods, "quoted")
	}
	if m.Question {
		mods = append(mods, "question")
	}
	code := ansiFrame
	for _, c := range m.Categories {
		if cat := p.cb.Category(c); cat != nil && cat.Kind == codebook.KindRhetoric {
			code = ansiRhet
		}
	}
	if m.Negated {
		code = ansiNegated
	}
	inner := p.style(ansiBold+code, m.Term) + " " + p.style(code, strings.Join(m.Categories, ","))
	if len(mods) > 0 {
		inner += " " + p.style(ansiDim, strings.Join(mods, ","))
	}
	return "【" + inner + "】"
}

func stanceList(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + m[k]
	}
	return strings.Join(parts, ", ")
}

// oneLine shows runes on one line: line breaks inside a sentence become spaces.
func oneLine(rs []rune) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(string(rs))
}

// decodeRunes decodes s into runes, one U+FFFD per invalid byte.
func decodeRunes(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		out = append(out, r)
		i += size
	}
	return out
}
