// Package segment cuts Chinese text into words with jieba (gojieba, cppjieba). It is the only
// package of huashu that imports gojieba.
//
// A Segmenter is built once per process with every word it must keep whole (the codebook's
// patterns, a user's dictionary) loaded at construction: gojieba's AddWord and RemoveWord are
// unsafe at run time (see ../shared/FACTS.md) and are never called. One Segmenter is safe for
// concurrent use by many goroutines; a second one costs another ~130 MB and is not faster.
//
// Dictionaries are found, in order, in Options.DictDir, in $HUASHU_DICT_DIR, or in gojieba's
// module folder on the build machine. A binary moved to another machine needs one of the first
// two: New returns an error that says so instead of gojieba's panic.
//
// Default-mode cutting runs huashu's own driver of jieba's trie and HMM (cutter.cpp), which
// gives gojieba's words ~2× as fast (cjieba.go); New checks that the two agree and
// otherwise keeps gojieba's wrapper.
package segment

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// Name is the segmenter's name, as recorded in index metadata and analyzer registries.
const Name = "gojieba"

// EnvDictDir is the environment variable that names the jieba dictionary folder.
const EnvDictDir = "HUASHU_DICT_DIR"

// UserWordFreq is the frequency given to each of Options.Words in jieba's user dictionary:
// high enough that a codebook phrase such as 遥遥领先 or 断层式领先 stays one word.
const UserWordFreq = 100000

// dictFiles are the files a dictionary folder must hold. jieba's idf.utf8 and
// stop_words.utf8 serve only its keyword extraction, which huashu does not use: New gives
// jieba one-line stand-ins instead, which saves ~0.3 s and ~17 MB of RSS at each start.
var dictFiles = []string{"jieba.dict.utf8", "hmm_model.utf8"}

// Options configures a Segmenter.
type Options struct {
	// DictDir is the folder holding jieba.dict.utf8 and hmm_model.utf8 (and, optionally,
	// user.dict.utf8); "" means $HUASHU_DICT_DIR, else gojieba's own folder.
	DictDir string
	// UserDict is a user dictionary in jieba's format ("word [freq] [tag]" per line); "" for
	// none. It is merged with Words into one file, since gojieba cannot take several.
	UserDict string
	// Words must each stay one word (codebook patterns, target aliases). Words without a Han
	// character are left out: jieba keeps runs of Latin letters and digits whole by itself.
	Words []string
}

// Token is one word of a text.
type Token struct {
	// Text is the word.
	Text string
	// Start and End are byte offsets into the segmented text, end exclusive.
	Start int
	End   int
}

// Segmenter cuts text into words. It is safe for concurrent use; Close frees it.
type Segmenter struct {
	jieba *gojieba.Jieba
	// cut is the cutter that Tokenize uses in default mode, which probe found to give the
	// same words as gojieba's wrapper; nil where it did not.
	cut     *cutter
	dictDir string
	// userDict is the merged user dictionary that was loaded (codebook words and user file).
	userDict []byte
}

// New loads the dictionaries and builds a Segmenter (~0.5 s, ~125 MB, with the cutter's tables).
func New(opts Options) (*Segmenter, error) {
	dir, err := findDictDir(opts.DictDir)
	if err != nil {
		return nil, err
	}
	user, err := mergeUserDict(filepath.Join(dir, "user.dict.utf8"), opts.UserDict, opts.Words)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "huashu-jieba-*")
	if err != nil {
		return nil, fmt.Errorf("segment: writing the merged user dictionary: %w", err)
	}
	defer os.RemoveAll(tmp) // jieba has read the files once NewJieba returns
	files := map[string][]byte{
		"user.dict.utf8":  user,
		"idf.utf8":        []byte("话术 10.0\n"), // stand-ins: see dictFiles
		"stop_words.utf8": []byte("的\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o600); err != nil {
			return nil, fmt.Errorf("segment: writing the merged user dictionary: %w", err)
		}
	}
	j := gojieba.NewJieba(
		filepath.Join(dir, "jieba.dict.utf8"),
		filepath.Join(dir, "hmm_model.utf8"),
		filepath.Join(tmp, "user.dict.utf8"),
		filepath.Join(tmp, "idf.utf8"),
		filepath.Join(tmp, "stop_words.utf8"),
	)
	s := &Segmenter{jieba: j, dictDir: dir, userDict: user}
	if c := newCutter(j); probe(j, c) {
		s.cut = c
	} else {
		c.free()
	}
	trimCHeap()
	return s, nil
}

// findDictDir returns the first dictionary folder that holds every file jieba needs.
func findDictDir(flagDir string) (string, error) {
	dir, from := flagDir, "-dict-dir"
	if dir == "" {
		dir, from = os.Getenv(EnvDictDir), "$"+EnvDictDir
	}
	if dir == "" {
		dir, from = gojieba.DICT_DIR, "gojieba's default folder (fixed when the binary was built)"
	}
	for _, f := range dictFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return "", fmt.Errorf("segment: jieba dictionary %s not found in %s (from %s): "+
				"pass -dict-dir DIR or set %s to a folder holding %s; "+
				"gojieba ships them in $(go env GOMODCACHE)/github.com/yanyiwu/gojieba@v1.4.6/deps/cppjieba/dict",
				f, dir, from, EnvDictDir, strings.Join(dictFiles, ", "))
		}
	}
	return dir, nil
}

// mergeUserDict joins jieba's default user dictionary (when present), words and the user's
// file into one dictionary, checking the user's file line by line.
func mergeUserDict(defaultPath, userPath string, words []string) ([]byte, error) {
	var b strings.Builder
	if data, err := os.ReadFile(defaultPath); err == nil {
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	sorted := append([]string(nil), words...)
	sort.Strings(sorted)
	last := ""
	for _, w := range sorted {
		w = strings.TrimSpace(w)
		if w == "" || w == last || !hasHan(w) || strings.ContainsAny(w, " \t\r\n") {
			continue
		}
		last = w
		fmt.Fprintf(&b, "%s %d hs\n", w, UserWordFreq)
	}
	if userPath != "" {
		if err := appendUserFile(&b, userPath); err != nil {
			return nil, err
		}
	}
	return []byte(b.String()), nil
}

// appendUserFile checks a user dictionary in jieba's format and appends it to b.
func appendUserFile(b *strings.Builder, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("segment: user dictionary: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if !utf8.ValidString(text) {
			return fmt.Errorf("segment: %s:%d: not valid UTF-8 (jieba dictionaries must be UTF-8)", path, line)
		}
		fields := strings.Fields(text)
		if len(fields) > 3 {
			return fmt.Errorf("segment: %s:%d: want \"word [freq] [tag]\", got %d fields", path, line, len(fields))
		}
		if len(fields) == 3 {
			if n, err := strconv.Atoi(fields[1]); err != nil || n <= 0 {
				return fmt.Errorf("segment: %s:%d: frequency %q is not a positive integer", path, line, fields[1])
			}
		}
		b.WriteString(strings.Join(fields, " "))
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("segment: %s:%d: %w", path, line+1, err)
	}
	return nil
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Tokenize cuts text into words in jieba's default mode with HMM (new words found), each
// word once, covering the whole text: punctuation and spaces come back as tokens too.
// Offsets are bytes into text. Text that is not valid UTF-8 or holds NUL bytes (which would
// make jieba return nothing or stop early) is cut around the bad bytes, which get no token.
func (s *Segmenter) Tokenize(text string) []Token {
	return s.tokenize(text, gojieba.DefaultMode)
}

// TokenizeSearch cuts text in jieba's search mode: long words also come back as their
// dictionary sub-words (中华人民共和国 gives 中华, 华人, 人民, 共和, 共和国 and itself), which
// overlap. Offsets are bytes into text.
func (s *Segmenter) TokenizeSearch(text string) []Token {
	return s.tokenize(text, gojieba.SearchMode)
}

// Cut returns the words of text in default mode, punctuation and spaces included.
func (s *Segmenter) Cut(text string) []string {
	toks := s.Tokenize(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// chunk is the longest run handed to jieba at once: a longer run without bad bytes is cut
// at a rune boundary (callers should split sentences first; this bounds memory regardless).
const chunk = 64 << 10

func (s *Segmenter) tokenize(text string, mode gojieba.TokenizeMode) []Token {
	if s.jieba == nil {
		panic("segment: Tokenize after Close")
	}
	var out []Token
	for start := 0; start < len(text); {
		// Find the next clean run [start, end): valid UTF-8, no NUL, at most chunk bytes.
		end := start
		if rest := text[start:]; len(rest) <= chunk && strings.IndexByte(rest, 0) < 0 && utf8.ValidString(rest) {
			end = len(text) // the usual case, checked at memory speed
		}
		for end < len(text) && end-start < chunk {
			r, size := utf8.DecodeRuneInString(text[end:])
			if r == 0 || (r == utf8.RuneError && size == 1) {
				break
			}
			end += size
		}
		if end == start { // a bad byte: no token
			start++
			continue
		}
		if mode == gojieba.DefaultMode && s.cut != nil {
			out = s.cut.cutDefault(text[start:end], start, out)
			start = end
			continue
		}
		words := s.jieba.Tokenize(text[start:end], mode, true)
		out = slices.Grow(out, len(words))
		for _, w := range words {
			out = append(out, Token{Text: w.Str, Start: start + w.Start, End: start + w.End})
		}
		start = end
	}
	return out
}

// DictDir returns the dictionary folder that was loaded.
func (s *Segmenter) DictDir() string { return s.dictDir }

// UserDict returns the merged user dictionary that was loaded, in jieba's format. An index
// stores it so that queries are analysed as the documents were.
func (s *Segmenter) UserDict() []byte { return s.userDict }

// Close frees the C++ segmenter; a second Close does nothing. Using s after Close panics.
func (s *Segmenter) Close() error {
	if s.cut != nil {
		s.cut.free()
		s.cut = nil
	}
	if s.jieba != nil {
		s.jieba.Free()
		s.jieba = nil
	}
	return nil
}

// Span is a range [Start, End) of bytes of a text.
type Span struct{ Start, End int }

// maxRun bounds the text of spans that TokenizeSpans hands to jieba in one call.
const maxRun = 8 << 10

// TokenizeSpans cuts each span of text into words as Tokenize(text[sp.Start:sp.End]) would,
// offsets relative to the span. Spans must be in order and must not overlap. Consecutive
// spans go to jieba in one call when jieba would cut between them anyway: jieba splits its
// input at its separators (space, tab, newline, ，and 。: cppjieba's SPECIAL_SEPARATORS)
// and cuts each piece alone, each separator a word of its own, so when the text between
// two spans is separators only and a separator stands at the boundary (the gap, or the
// first span's last character, or the second's first), one call gives the words of each
// span and of the gap, and the gap's are dropped. The sentences of Chinese prose mostly
// end in 。, and one call per paragraph instead of one per sentence took 17 % off jieba's
// time (a cgo call and jieba's per-call setup cost ~2 µs). TestTokenizeSpans checks the
// result against one call per span on the sample and shared corpora.
func (s *Segmenter) TokenizeSpans(text string, spans []Span) [][]Token {
	out := make([][]Token, len(spans))
	for i := 0; i < len(spans); {
		j := i + 1
		for j < len(spans) && spans[j].End-spans[i].Start <= maxRun && cutBetween(text, spans[j-1].End, spans[j].Start) {
			j++
		}
		base := spans[i].Start
		toks := s.Tokenize(text[base:spans[j-1].End])
		k, from := i, 0
		for n := range toks {
			start := toks[n].Start + base
			for k < j && start >= spans[k].End {
				out[k] = toks[from:n:n]
				k, from = k+1, n
			}
			if start < spans[k].Start { // a separator between spans
				from = n + 1
				continue
			}
			toks[n].Start = start - spans[k].Start
			toks[n].End += base - spans[k].Start
		}
		for ; k < j; k++ {
			out[k] = toks[from:len(toks):len(toks)]
			from = len(toks)
		}
		i = j
	}
	return out
}

// cutBetween reports whether jieba cuts text between the span that ends at end and the
// one that starts at start: the gap text[end:start] is separators only, and a separator
// stands at the boundary.
func cutBetween(text string, end, start int) bool {
	if start < end {
		return false
	}
	for _, r := range text[end:start] {
		if !isSeparator(r) {
			return false
		}
	}
	if start > end {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(text[:end])
	first, _ := utf8.DecodeRuneInString(text[start:])
	return isSeparator(last) || isSeparator(first)
}

// isSeparator reports whether jieba splits its input at r (cppjieba's SPECIAL_SEPARATORS).
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '，', '。':
		return true
	}
	return false
}
