package codebook

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Pattern is one distinct pattern of a codebook, compiled for matching: every category and
// target that lists it, and the exclusions that can apply to it. The same text written in
// several categories (遥遥领先 in competition, triumphalism and slang) is one Pattern.
//
// Offsets taken and returned by its methods are byte offsets into the text searched, which
// must be the normalized analysis text (simplified, full-width folded); Latin letters may be
// in any case. A Pattern is read-only and safe for concurrent use.
type Pattern struct {
	// Text is the literal part, stars removed, folded: full-width forms to half-width and
	// letters lower-cased. Search for it case-insensitively.
	Text string
	// Raw is the pattern as first written in the codebook, stars included.
	Raw string
	// Prefix and Suffix are true when the pattern has a '*' before or after Text.
	Prefix, Suffix bool
	// Categories are the IDs of the frames and rhetoric categories listing the pattern, in
	// codebook order (frames first). Empty for a pattern that is only an alias.
	Categories []string
	// Targets are the IDs of the stance targets that have the pattern as an alias.
	Targets []string
	// Exclude are the codebook's global exclusions that contain Text (folded): a match inside
	// one counts for nothing, neither category nor target.
	Exclude []string
	// CategoryExclude holds, for each of Categories (same index), that category's own
	// exclusions that contain Text (folded): a match inside one does not count for it.
	CategoryExclude [][]string

	global []exclusion
	perCat [][]exclusion
	// plainEdges is set by Patterns when neither edge of Text has a star or a letter or digit
	// of a spaced script: Span then has nothing to check. False leaves Span to check all.
	plainEdges bool
}

// exclusion is one exclusion string with the byte offsets at which Text occurs in it.
type exclusion struct {
	text string
	at   []int
}

// Match is one match of a Pattern in a text. Offsets are bytes, end exclusive.
type Match struct {
	// Start and End span the whole match, the characters taken in by '*' included.
	Start, End int
	// TextStart and TextEnd span the occurrence of the pattern's Text.
	TextStart, TextEnd int
}

// patternKey identifies a distinct pattern: the folded text and where its stars are.
type patternKey struct {
	text           string
	prefix, suffix bool
}

func keyOf(raw string) patternKey {
	k := patternKey{prefix: strings.HasPrefix(raw, "*")}
	raw = strings.TrimPrefix(raw, "*")
	k.suffix = strings.HasSuffix(raw, "*")
	k.text = fold(strings.TrimSuffix(raw, "*"))
	return k
}

// fold maps s to the form patterns are compared in: full-width letters, digits and
// punctuation to their half-width forms (as the normalize stage does), then lower case.
func fold(s string) string {
	return strings.ToLower(width.Fold.String(s))
}

// isWordRune reports whether r continues a word of a script written with spaces between
// words: a letter or digit that is not Han, kana or Hangul. Latin terms match only at the
// edges of such words, and '*' takes in such runes.
func isWordRune(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Patterns returns the codebook's distinct patterns in order of first appearance: the terms
// of the frames, then of the rhetoric categories, then the targets' aliases. Patterns that
// differ only in case or width are one. The result is computed on each call (call it once
// when building a matcher); it shares nothing with the codebook.
func (cb *Codebook) Patterns() []Pattern {
	var out []Pattern
	index := map[patternKey]int{}
	foldAll := func(xs []string) []string {
		fs := make([]string, len(xs))
		for i, x := range xs {
			fs[i] = fold(x)
		}
		return fs
	}
	global := foldAll(cb.Exclusions)
	add := func(raw string) *Pattern {
		k := keyOf(raw)
		if i, ok := index[k]; ok {
			return &out[i]
		}
		index[k] = len(out)
		out = append(out, Pattern{Text: k.text, Raw: raw, Prefix: k.prefix, Suffix: k.suffix})
		return &out[len(out)-1]
	}
	for _, c := range cb.Categories() {
		excl := foldAll(c.Exclude)
		for _, t := range c.Terms {
			p := add(t)
			if len(p.Categories) > 0 && p.Categories[len(p.Categories)-1] == c.ID {
				continue
			}
			var ex []string
			for _, f := range excl {
				if strings.Contains(f, p.Text) {
					ex = append(ex, f)
				}
			}
			p.Categories = append(p.Categories, c.ID)
			p.CategoryExclude = append(p.CategoryExclude, ex)
			p.perCat = append(p.perCat, compileExclusions(p.Text, ex))
		}
	}
	for _, t := range cb.Targets {
		for _, a := range t.Aliases {
			p := add(a)
			if len(p.Targets) == 0 || p.Targets[len(p.Targets)-1] != t.ID {
				p.Targets = append(p.Targets, t.ID)
			}
		}
	}
	for i := range out {
		p := &out[i]
		for _, f := range global {
			if strings.Contains(f, p.Text) {
				p.Exclude = append(p.Exclude, f)
			}
		}
		p.global = compileExclusions(p.Text, p.Exclude)
		first, _ := utf8.DecodeRuneInString(p.Text)
		last, _ := utf8.DecodeLastRuneInString(p.Text)
		p.plainEdges = !p.Prefix && !p.Suffix && !isWordRune(first) && !isWordRune(last)
	}
	return out
}

func compileExclusions(text string, excl []string) []exclusion {
	var out []exclusion
	for _, e := range excl {
		x := exclusion{text: e}
		for off := 0; ; {
			i := strings.Index(e[off:], text)
			if i < 0 {
				break
			}
			x.at = append(x.at, off+i)
			off += i + 1
		}
		out = append(out, x)
	}
	return out
}

// Span checks an occurrence of p.Text at text[start:end] (found case-insensitively) against
// the pattern's edges and returns the whole match. Without a star, an edge of Text that is a
// Latin letter or digit must not touch another one (GPT4 does not match in GPT4o; Han edges
// need nothing, as Chinese has no spaces). With a star, the match takes in the letters and
// digits that continue the word on that side, zero or more, never Han: *概念股 spans AI概念股
// and only 概念股 in 算力概念股; GPU* spans GPUs. ok is false when the occurrence is no match.
func (p *Pattern) Span(text string, start, end int) (s, e int, ok bool) {
	if p.plainEdges {
		return start, end, true
	}
	s, e = start, end
	first, _ := utf8.DecodeRuneInString(p.Text)
	last, _ := utf8.DecodeLastRuneInString(p.Text)
	if p.Prefix {
		for s > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:s])
			if !isWordRune(r) {
				break
			}
			s -= n
		}
	} else if isWordRune(first) && start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); isWordRune(r) {
			return start, end, false
		}
	}
	if p.Suffix {
		for e < len(text) {
			r, n := utf8.DecodeRuneInString(text[e:])
			if !isWordRune(r) {
				break
			}
			e += n
		}
	} else if isWordRune(last) && end < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[end:]); isWordRune(r) {
			return start, end, false
		}
	}
	return s, e, true
}

// Excluded reports whether the occurrence of p.Text at text[start:end] lies inside one of
// the codebook's global exclusions (compared case-insensitively): then it is no marker and
// names no target.
func (p *Pattern) Excluded(text string, start, end int) bool {
	return inside(text, start, end, p.global)
}

// CategoriesAt returns the categories for which the occurrence of p.Text at text[start:end]
// counts: Categories less those whose own exclusions cover it; nil when a global exclusion
// covers it or every category is excluded. The result may share p.Categories' array.
func (p *Pattern) CategoriesAt(text string, start, end int) []string {
	if len(p.Categories) == 0 || p.Excluded(text, start, end) {
		return nil
	}
	var out []string
	for i, id := range p.Categories {
		if inside(text, start, end, p.perCat[i]) {
			if out == nil {
				out = append(make([]string, 0, len(p.Categories)), p.Categories[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, id)
		}
	}
	if out == nil {
		return p.Categories
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// inside reports whether text[start:end] is the occurrence of Text at one of the offsets
// recorded in one of excl, with the rest of that exclusion around it.
func inside(text string, start, end int, excl []exclusion) bool {
	for _, x := range excl {
		for _, at := range x.at {
			s := start - at
			if s < 0 || s+len(x.text) > len(text) {
				continue
			}
			if exclusionAt(text[s:s+len(x.text)], x.text) {
				return true
			}
		}
	}
	return false
}

// exclusionAt reports whether s, of the same length in bytes, is an occurrence of the
// exclusion x: letters compared case-insensitively, a '#' in x matching one ASCII digit.
func exclusionAt(s, x string) bool {
	for {
		i := strings.IndexByte(x, '#')
		if i < 0 {
			return strings.EqualFold(s, x)
		}
		if !strings.EqualFold(s[:i], x[:i]) || s[i] < '0' || s[i] > '9' {
			return false
		}
		s, x = s[i+1:], x[i+1:]
	}
}

// FindAll returns the matches of p in text, left to right, occurrences of Text not
// overlapping, exclusions not applied (use Excluded and CategoriesAt on TextStart and
// TextEnd). It is a plain scan, a reference for faster matchers and for tests.
func (p *Pattern) FindAll(text string) []Match {
	if p.Text == "" {
		return nil
	}
	var out []Match
	// With no letters beyond ASCII in Text, an ASCII-lowered copy of the text (same offsets)
	// can be searched exactly; otherwise compare case-insensitively at every character.
	hay := text
	fast := isASCIIFoldable(p.Text)
	if fast {
		hay = asciiLower(text)
	}
	for i := 0; i+len(p.Text) <= len(text); {
		if fast {
			j := strings.Index(hay[i:], p.Text)
			if j < 0 {
				break
			}
			i += j
		} else if !strings.EqualFold(text[i:i+len(p.Text)], p.Text) {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		s, e, ok := p.Span(text, i, i+len(p.Text))
		if !ok {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		out = append(out, Match{Start: s, End: e, TextStart: i, TextEnd: i + len(p.Text)})
		i += len(p.Text)
	}
	return out
}

// isASCIIFoldable reports whether s has no letter outside ASCII that has another case.
func isASCIIFoldable(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) && unicode.SimpleFold(r) != r {
			return false
		}
	}
	return true
}

// asciiLower lower-cases the ASCII letters of s, leaving every offset where it was.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// DictWords returns the words jieba must keep whole for the codebook to be matched on its
// tokens: the literal text of every term and alias (stars removed, as first written) that
// has at least two characters and a Han character, deduplicated case-insensitively, sorted.
// Words of Latin letters and digits alone are left out: jieba keeps such runs whole by itself
// and a user-dictionary entry cannot join them across the '-' or space that it splits at.
func (cb *Codebook) DictWords() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range cb.Patterns() {
		w := strings.TrimSuffix(strings.TrimPrefix(p.Raw, "*"), "*")
		if utf8.RuneCountInString(w) < 2 || !hasHan(w) || seen[p.Text] {
			continue
		}
		seen[p.Text] = true
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
