package stance

import (
	_ "embed"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
)

// Lexicon category IDs: a lexicon is a codebook-format YAML file whose rhetoric (or frame)
// categories with these IDs hold the evaluative words. Weak lists words of the other two that
// count half (推动, 风险); Neutral lists phrases that hold an evaluative word but evaluate
// nothing (可靠消息, 好像): matched like words, they hide the word inside them.
const (
	Positive = "positive"
	Negative = "negative"
	Weak     = "weak"
	Neutral  = "neutral"
)

// weakValue is what a weak word counts, against 1 for the others.
const weakValue = 0.5

//go:embed lexicon.yml
var defaultLexicon []byte

// Lexicon is an evaluative word list: words that praise and words that disparage what a
// sentence speaks of. It is read-only after it is built and safe for concurrent use.
type Lexicon struct {
	// Positive and Negative are the terms as folded for matching (full-width folded, Latin
	// lower-case), in file order.
	Positive []string
	Negative []string
	// Weak marks words of Positive and Negative that count half; Neutral lists phrases that
	// count nothing and hide the words inside them.
	Weak    map[string]bool
	Neutral []string
	// Source is the file the lexicon came from ("" for the embedded one).
	Source string
}

// DefaultLexicon returns the embedded lexicon (lexicon.yml: over 1,000 positive and 1,000
// negative words and phrases of Chinese commentary on AI and technology).
func DefaultLexicon() (*Lexicon, error) {
	return ParseLexicon(defaultLexicon, "")
}

// DefaultLexiconYAML returns the embedded lexicon's YAML, for a user to copy and edit.
func DefaultLexiconYAML() []byte { return append([]byte(nil), defaultLexicon...) }

// LoadLexicon reads a lexicon from a codebook-format YAML file.
func LoadLexicon(path string) (*Lexicon, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("stance: lexicon: %w", err)
	}
	return ParseLexicon(data, path)
}

// ParseLexicon parses a lexicon in the codebook's YAML format (codebook.Parse): the terms of
// the categories with IDs positive and negative (either may be absent, not both), weak and
// neutral (optional). Terms may not carry '*' globs; no term may be both positive and
// negative, and a weak term must be one of them. source names the file in errors ("" for the
// embedded lexicon).
func ParseLexicon(data []byte, source string) (*Lexicon, error) {
	name := source
	if name == "" {
		name = "lexicon.yml (embedded)"
	}
	cb, err := codebook.Parse(data, source)
	if err != nil {
		return nil, fmt.Errorf("stance: lexicon %s: %w", name, err)
	}
	lex := &Lexicon{Source: source, Weak: map[string]bool{}}
	seen := map[string]string{}
	var weak []string
	for _, c := range cb.Categories() {
		var dst *[]string
		switch c.ID {
		case Positive:
			dst = &lex.Positive
		case Negative:
			dst = &lex.Negative
		case Neutral:
			dst = &lex.Neutral
		case Weak:
			weak = c.Terms
			continue
		default:
			continue
		}
		for _, t := range c.Terms {
			if strings.Contains(t, "*") {
				return nil, fmt.Errorf("stance: lexicon %s: %s term %q: globs are not supported in a lexicon", name, c.ID, t)
			}
			f := foldTerm(t)
			if prev, ok := seen[f]; ok && prev != c.ID {
				return nil, fmt.Errorf("stance: lexicon %s: term %q is both %s and %s", name, t, prev, c.ID)
			}
			if _, ok := seen[f]; ok {
				continue
			}
			seen[f] = c.ID
			*dst = append(*dst, f)
		}
	}
	for _, t := range weak {
		f := foldTerm(t)
		if c := seen[f]; c != Positive && c != Negative {
			return nil, fmt.Errorf("stance: lexicon %s: weak term %q is neither positive nor negative", name, t)
		}
		lex.Weak[f] = true
	}
	if len(lex.Positive)+len(lex.Negative) == 0 {
		return nil, fmt.Errorf("stance: lexicon %s: no category with id %q or %q", name, Positive, Negative)
	}
	return lex, nil
}

// foldTerm folds a term as the analysis text is folded, then lower-cases ASCII letters (the
// text is lower-cased the same way before matching, keeping byte offsets).
func foldTerm(t string) string {
	return asciiLower(strings.TrimSpace(t))
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay put. It returns s itself
// when s has no upper-case ASCII letter.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			// One copy, made by the Builder (a []byte turned into a string would be two).
			var b strings.Builder
			b.Grow(len(s))
			b.WriteString(s[:i])
			for j := i; j < len(s); j++ {
				c := s[j]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
			return b.String()
		}
	}
	return s
}

// wordTable holds the words of a list, for lookups by the exact word (the walks along a
// text find words with the wordIndex). It is read-only once built.
type wordTable struct {
	words map[string]float64
	// all holds every distinct byte length of the words, longest first.
	all []int
}

func newWordTable() *wordTable {
	return &wordTable{words: map[string]float64{}}
}

func (t *wordTable) add(w string, v float64) {
	if w == "" {
		return
	}
	t.words[w] = v
}

// finish lists the words' lengths; call it once after the last add.
func (t *wordTable) finish() {
	seen := map[int]bool{}
	t.all = t.all[:0]
	for w := range t.words {
		if !seen[len(w)] {
			seen[len(w)] = true
			t.all = append(t.all, len(w))
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(t.all)))
}

// maxLens returns every distinct byte length of the words, longest first.
func (t *wordTable) maxLens() []int { return t.all }

// table builds a wordTable of a word list, every word with value v.
func table(words []string, v float64) *wordTable {
	t := newWordTable()
	for _, w := range words {
		t.add(w, v)
	}
	t.finish()
	return t
}

// set builds a membership set of a word list.
func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
