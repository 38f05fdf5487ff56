package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/huashu/huashu/pipeline/segment"
)

// FeatureOptions chooses the features of a model. The zero value is not useful: start from
// DefaultOptions.
type FeatureOptions struct {
	// CharMin and CharMax bound the lengths of character n-grams (0 = no character n-grams).
	CharMin int `json:"char_min"`
	CharMax int `json:"char_max"`
	// WordMax is the longest word n-gram (1 = words only, 2 = words and word bigrams, 0 = no
	// word features). Word features need tokens: without them a model reads characters only.
	WordMax int `json:"word_max"`
	// Rules adds the rule scorer's polarity features (lexicon hits after negation, contrast,
	// concession, rhetorical questions and distance).
	Rules bool `json:"rules"`
	// PerTarget conjoins every feature with the row's target as well, so the model learns
	// both what holds for every target and what holds for one (feature augmentation).
	PerTarget bool `json:"per_target"`
	// MinCount drops features seen in fewer training rows.
	MinCount int `json:"min_count"`
	// IDF weights each feature by its inverse document frequency in the training rows.
	IDF bool `json:"idf"`
	// Mention adds how much of the target's name the text contains (share of the name's
	// character bigrams found): texts that never name their target are often none.
	Mention bool `json:"mention"`
}

// mentionFeature names the share of the target key's character bigrams that occur in the
// folded text, in four steps.
func mentionFeature(key, folded string) string {
	bg := bigrams(key)
	if len(bg) == 0 {
		return ""
	}
	text := strings.ReplaceAll(folded, " ", "")
	found := 0
	for g := range bg {
		if strings.Contains(text, g) {
			found++
		}
	}
	share := float64(found) / float64(len(bg))
	switch {
	case share == 0:
		return "m:0"
	case share < 0.5:
		return "m:low"
	case share < 1:
		return "m:high"
	}
	return "m:all"
}

// fold prepares text for features: full-width forms folded to ASCII, Latin lower-cased,
// runs of white space and of digits each reduced to one symbol.
func fold(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(0)
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			r = ' '
		case r >= '0' && r <= '9':
			r = '0'
		default:
			r = unicode.ToLower(r)
		}
		if (r == ' ' || r == '0') && r == prev {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.TrimSpace(b.String())
}

// TargetKey is the form under which a target name is stored in a model: folded, lower-case,
// without spaces ("iPhone SE" and "IphoneSE" are one key).
func TargetKey(target string) string {
	return strings.ReplaceAll(fold(target), " ", "")
}

// bag collects the features of one row, counting repeats.
type bag map[string]float64

// charGrams adds the character n-grams of s (lengths lo..hi) that contain no space.
func (b bag) charGrams(s string, lo, hi int) {
	rs := []rune(s)
	for n := lo; n <= hi; n++ {
		for i := 0; i+n <= len(rs); i++ {
			g := rs[i : i+n]
			if containsSpace(g) {
				continue
			}
			b["c:"+string(g)]++
		}
	}
}

func containsSpace(rs []rune) bool {
	for _, r := range rs {
		if r == ' ' {
			return true
		}
	}
	return false
}

// wordGrams adds the word n-grams (1..hi) of the tokens, punctuation and spaces left out of
// unigrams but kept as boundaries of bigrams.
func (b bag) wordGrams(words []string, hi int) {
	for i, w := range words {
		if isWord(w) {
			b["w:"+w]++
		}
		if hi >= 2 && i+1 < len(words) {
			b["b:"+w+"_"+words[i+1]]++
		}
	}
}

func isWord(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// tokenWords returns the folded words of tokens, white space dropped.
func tokenWords(text string, toks []segment.Token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		w := t.Text
		if w == "" && t.Start >= 0 && t.End <= len(text) && t.Start <= t.End {
			w = text[t.Start:t.End]
		}
		w = fold(w)
		if w == "" || !utf8.ValidString(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}
