package index

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/huashu/huashu/pipeline/normalize"
	"github.com/huashu/huashu/pipeline/segment"
)

// ExactAnalyzer is the name under which the analyzer of FieldExact is registered with bleve:
// one token per character but white space, folded by FoldExact, Position the character's
// index from 1 (white space keeps its position, so no phrase matches across it), Start and
// End its byte offsets. It is safe for concurrent use.
const ExactAnalyzer = "huashu-exact"

// WordsAnalyzerType is the name under which the jieba analyzer is registered with bleve as
// an analyzer type. An index's mapping defines WordsAnalyzer of this type with the user
// dictionary its documents were segmented with (config key "user_dict"), so that a query is
// cut as the documents were, whatever dictionaries the searching machine has.
const WordsAnalyzerType = "huashu-jieba"

// WordsAnalyzer is the name, in an index's mapping, of the analyzer of FieldText: the query
// is normalized as analyze normalizes documents (cleaned, full-width folded, traditional
// characters simplified), cut by jieba in default mode, and each word that holds a letter
// or a digit is kept, lower-cased. The jieba dictionaries load on first use (~0.5 s,
// ~130 MB), not when the index opens.
const WordsAnalyzer = "huashu-words"

func init() {
	registry.RegisterAnalyzer(ExactAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return exactAnalyzer{}, nil
	})
	registry.RegisterAnalyzer(WordsAnalyzerType, newWordsAnalyzer)
}

// FoldExact folds one character as FieldExact indexes it: Latin letters to lower case and
// full-width forms U+FF01–U+FF5E to ASCII. Every character maps to exactly one character,
// so positions and lengths in characters are kept. Traditional characters are not
// simplified: the exact field is exact.
func FoldExact(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - 0x21
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// FoldExactString applies FoldExact to every character of s (an invalid byte becomes
// U+FFFD, as the exact field indexes it). A substring test of folded strings is what a
// phrase query on FieldExact answers, white space apart.
func FoldExactString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(FoldExact(r))
	}
	return b.String()
}

type exactAnalyzer struct{}

// Analyze implements analysis.Analyzer.
func (exactAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return exactTokens(text)
}

// exactTokens returns the tokens of FieldExact for text. The terms are slices of one
// buffer, so a document costs two allocations, not one per character.
func exactTokens(text []byte) analysis.TokenStream {
	n := utf8.RuneCount(text)
	toks := make([]analysis.Token, 0, n)
	terms := make([]byte, 0, len(text)+n)
	pos := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		pos++
		if !unicode.IsSpace(r) {
			at := len(terms)
			terms = utf8.AppendRune(terms, FoldExact(r))
			toks = append(toks, analysis.Token{Start: i, End: i + size, Position: pos, Type: analysis.Ideographic})
			toks[len(toks)-1].Term = terms[at:len(terms):len(terms)]
		}
		i += size
	}
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// wordsAnalyzer is the query analyzer of FieldText. It finds its segmenter, by the user
// dictionary's hash, among those of the process at each use: a shared one may be withdrawn.
type wordsAnalyzer struct {
	userDict []byte
	key      string
}

func newWordsAnalyzer(config map[string]any, _ *registry.Cache) (analysis.Analyzer, error) {
	dict, ok := config["user_dict"].(string)
	if !ok {
		return nil, fmt.Errorf("index: analyzer %s: want the user dictionary as a string in \"user_dict\"", WordsAnalyzerType)
	}
	return &wordsAnalyzer{userDict: []byte(dict), key: dictKey([]byte(dict))}, nil
}

// Analyze implements analysis.Analyzer. If the dictionaries cannot be loaded it returns no
// token (bleve's interface has no error), so a query finds nothing rather than something
// wrong; Open loads them first when asked to, to report the error.
func (a *wordsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	seg, err := a.segmenter()
	if err != nil {
		return nil
	}
	return queryWords(seg, string(text))
}

func (a *wordsAnalyzer) segmenter() (*segment.Segmenter, error) {
	return sharedSegmenter(a.key, a.userDict)
}

// queryNormalizer normalizes queries as analyze normalizes plain-text documents.
var queryNormalizer = sync.OnceValues(func() (*normalize.Normalizer, error) {
	return normalize.New(normalize.Options{Traditional: true})
})

// queryWords cuts a query into the terms of FieldText.
func queryWords(seg *segment.Segmenter, text string) analysis.TokenStream {
	norm, err := queryNormalizer()
	if err != nil {
		return nil
	}
	nr := norm.Normalize(text)
	var out analysis.TokenStream
	for _, s := range nr.Sentences {
		for _, t := range seg.Tokenize(nr.Text(s)) {
			if !isWord(t.Text) {
				continue
			}
			out = append(out, &analysis.Token{
				Term:  []byte(strings.ToLower(t.Text)),
				Start: s.AStart + t.Start, End: s.AStart + t.End,
				Position: len(out) + 1, Type: analysis.Ideographic,
			})
		}
	}
	return out
}

// isWord tells whether a jieba token is a word: it holds a letter or a digit (as analyze
// counts words).
func isWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// segmenters holds the Segmenters of the process by the SHA-256 of their user dictionary:
// each costs ~130 MB, and every index built with the same dictionary shares one. shared
// holds those lent by ShareSegmenter, loaded those loaded here (kept until the process
// ends), and failed the errors of loads that failed (not tried again).
var segmenters = struct {
	sync.Mutex
	shared, loaded map[string]*segment.Segmenter
	failed         map[string]error
}{shared: map[string]*segment.Segmenter{}, loaded: map[string]*segment.Segmenter{}, failed: map[string]error{}}

func dictKey(userDict []byte) string {
	sum := sha256.Sum256(userDict)
	return hex.EncodeToString(sum[:])
}

// ShareSegmenter lets the query analyzers of indexes whose user dictionary is
// seg.UserDict() use seg instead of loading the dictionaries a second time (cmd/index lends
// the segmenter of its analyze.Analyzer). Call the function it returns before closing seg.
// It is safe for concurrent use.
func ShareSegmenter(seg *segment.Segmenter) (withdraw func()) {
	key := dictKey(seg.UserDict())
	segmenters.Lock()
	defer segmenters.Unlock()
	segmenters.shared[key] = seg
	return func() {
		segmenters.Lock()
		defer segmenters.Unlock()
		if segmenters.shared[key] == seg {
			delete(segmenters.shared, key)
		}
	}
}

// sharedSegmenter returns a Segmenter of the process for userDict, whose SHA-256 is key,
// loading it on first use.
func sharedSegmenter(key string, userDict []byte) (*segment.Segmenter, error) {
	segmenters.Lock()
	defer segmenters.Unlock()
	if seg, ok := segmenters.shared[key]; ok {
		return seg, nil
	}
	if seg, ok := segmenters.loaded[key]; ok {
		return seg, nil
	}
	if err, ok := segmenters.failed[key]; ok {
		return nil, err
	}
	seg, err := loadSegmenter(userDict)
	if err != nil {
		segmenters.failed[key] = err
		return nil, err
	}
	segmenters.loaded[key] = seg
	return seg, nil
}

// loadSegmenter loads jieba with userDict as its user dictionary.
func loadSegmenter(userDict []byte) (*segment.Segmenter, error) {
	f, err := os.CreateTemp("", "huashu-index-userdict-*.utf8")
	if err != nil {
		return nil, fmt.Errorf("index: query analyzer: %w", err)
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(userDict)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, fmt.Errorf("index: query analyzer: writing the user dictionary: %w", werr)
	}
	seg, err := segment.New(segment.Options{UserDict: f.Name()})
	if err != nil {
		return nil, fmt.Errorf("index: query analyzer: %w", err)
	}
	return seg, nil
}
