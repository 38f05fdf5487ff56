// Package normalize derives the analysis text of a document from its original text, keeps an
// exact map from the analysis text back to the original, and splits the text into paragraphs
// and sentences.
//
// The analysis text is what the later stages (segment, tag) read. It differs from the
// original in these ways, each of which the offset map accounts for:
//
//   - An invalid UTF-8 byte becomes U+FFFD. Every invalid byte counts as one character of the
//     original, as utf8.RuneCountInString counts it, so character offsets stay well defined
//     on any input.
//   - A line ends at "\n", "\r\n" or a lone "\r"; each becomes one "\n".
//   - NUL and the other C0 and C1 control characters, apart from "\t" and the line breaks,
//     become a space (no NUL reaches gojieba, which stops at one), and so do the no-break
//     space and the line and paragraph separators U+2028 and U+2029. Invisible format characters
//     (zero-width space and joiners, word joiner, BOM, soft hyphen, bidirectional controls)
//     are dropped.
//   - Full-width letters, digits and the symbols # $ % & * + - . / < = > @ \ ^ _ ` | ~
//     (U+FF01–U+FF5E) become ASCII, as golang.org/x/text/width folds them, and the ideographic
//     space U+3000 becomes a space. Full-width punctuation that Chinese text uses as its own
//     stays as it is: ！＂＇（），：；？［］｛｝ (U+FF0C "，" is the Chinese comma, U+FF1F "？"
//     the question mark that tag looks for), and so do all quotation marks “”‘’「」『』"'.
//   - With Options.Traditional, traditional characters become simplified with OpenCC's
//     "t2s" dictionaries (github.com/longbridgeapp/opencc).
//   - With Options.Markdown, markup is left out (see Options.Markdown).
//
// Paragraphs end at blank lines and, with Markdown, at block boundaries. Sentences end after
// 。！？!?；;… (a run of them such as …… or ?! stays together, and so do the closing quotes
// and brackets ”’」』）》】 that follow it), at every line break and at table cell borders;
// a sentence never spans paragraphs, is trimmed of whitespace, and one that is longer than
// Options.MaxSentence is cut.
//
// Units: Sentence.Start/End, model.Span and Result.Span use character offsets (code points)
// into Result.Original, end exclusive; Sentence.AStart/AEnd are byte offsets into
// Result.Analysis, end exclusive.
package normalize

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/huashu/huashu/pipeline/model"
)

// DefaultMaxSentence is the longest sentence, in characters, when Options.MaxSentence is 0.
const DefaultMaxSentence = 500

// Options selects what Normalize does besides the cleaning that it always does.
type Options struct {
	// Markdown keeps Markdown markup out of the analysis text: heading markers and {#anchor}
	// attributes, setext underlines, thematic breaks, emphasis and strike-through delimiters,
	// code-span backticks and code fences, link syntax (the link text stays, the URL goes),
	// images (dropped whole, alt text included), autolinks, bare URLs, HTML tags and
	// comments, footnote references, reference definitions, table pipes and delimiter rows,
	// blockquote markers and list bullets. Escaped characters (\[) stay as text. Headings,
	// list items and table rows are paragraphs of their own, and each table cell is a
	// sentence of its own. Indented code blocks are not recognized (Chinese text indents
	// paragraphs): they stay as text. Front matter is expected to be removed already.
	Markdown bool
	// Traditional converts traditional characters to simplified (OpenCC t2s). The result is
	// what opencc's Convert gives for the analysis text, mapped rune by rune.
	Traditional bool
	// MaxSentence is the longest sentence in characters: a longer one is cut after the last
	// ，、,; or space within the limit, else at the limit. 0 means DefaultMaxSentence.
	MaxSentence int
}

// Normalizer normalizes documents with fixed Options. It is safe for concurrent use by
// many goroutines: the OpenCC dictionaries it holds are only read.
type Normalizer struct {
	opts Options
	conv *converter // nil unless opts.Traditional
}

// New returns a Normalizer for opts; with opts.Traditional it loads the OpenCC t2s
// dictionaries once (a few milliseconds).
func New(opts Options) (*Normalizer, error) {
	if opts.MaxSentence < 0 {
		return nil, fmt.Errorf("normalize: MaxSentence %d is negative", opts.MaxSentence)
	}
	if opts.MaxSentence == 0 {
		opts.MaxSentence = DefaultMaxSentence
	}
	n := &Normalizer{opts: opts}
	if opts.Traditional {
		c, err := newConverter("t2s")
		if err != nil {
			return nil, fmt.Errorf("normalize: %w", err)
		}
		n.conv = c
	}
	return n, nil
}

// Result is a normalized document. It is not modified after Normalize returns and may be
// read from many goroutines.
type Result struct {
	// Original is the text given to Normalize, unchanged.
	Original string
	// Analysis is the normalized text: valid UTF-8 without NUL, what segment and tag read.
	Analysis string
	// Chars is the number of characters (code points) of Original; an invalid byte counts
	// as one.
	Chars int
	// Paragraphs are the paragraphs that hold at least one sentence, in order, as character
	// offsets into Original, end exclusive: each runs from its first sentence's Start to its
	// last sentence's End.
	Paragraphs []model.Span
	// Sentences are the sentences in order; they do not overlap.
	Sentences []Sentence

	m offsetMap
}

// Sentence is one sentence: never empty, never only whitespace, trimmed of whitespace at
// both ends, and inside one paragraph.
type Sentence struct {
	// Start and End are character offsets (code points) into Result.Original, end exclusive.
	Start, End int
	// AStart and AEnd are byte offsets into Result.Analysis, end exclusive.
	AStart, AEnd int
	// Paragraph is the index into Result.Paragraphs.
	Paragraph int
}

// Span maps the analysis bytes [aStart, aEnd) to the range of original characters that
// produced them, start inclusive and end exclusive, in characters (code points) of Original.
// For a word that came from original characters [i, j), Span returns (i, j); markup dropped
// inside the range is included, markup dropped around it is not. Offsets inside a rune count
// as that rune. An empty range maps to the start of the character that produced the rune at
// aStart, or at the end of the analysis text to the end of the last one. Arguments out of
// [0, len(Analysis)] are clamped; the result is within [0, Chars]. Span takes O(log n).
func (r *Result) Span(aStart, aEnd int) (start, end int) {
	return r.m.span(aStart, aEnd)
}

// Text returns the analysis text of s.
func (r *Result) Text(s Sentence) string {
	return r.Analysis[s.AStart:s.AEnd]
}

// Normalize derives the analysis text of original and splits it. It never fails: any byte
// sequence shorter than 2 GiB is accepted. It takes time linear in the length of original.
func (n *Normalizer) Normalize(original string) *Result {
	e := &emitter{conv: n.conv, src: original, runA: -1}
	e.b.buf = make([]byte, 0, len(original)+16)
	e.b.paras = append(e.b.paras, 0)
	if n.opts.Markdown {
		e.markdown()
	} else {
		e.plain()
	}
	e.flush()
	r := &Result{
		Original: original,
		Analysis: string(e.b.buf),
		Chars:    e.char + utf8.RuneCountInString(original[e.pos:]),
	}
	r.m = offsetMap{analysis: r.Analysis, pieces: e.b.pieces, chars: r.Chars}
	r.split(e.b.paras, e.b.breaks, n.opts.MaxSentence)
	return r
}

// emitter walks the original text once, from left to right, and writes the analysis text.
type emitter struct {
	conv *converter
	src  string
	b    builder
	// pos is the byte offset into src up to which the text has been read; char is the
	// character offset of pos.
	pos, char int
	// runA is the analysis offset where the current run of runes that occur in the
	// converter's keys began, -1 outside such a run. A run is written as it is until a rune
	// that converts (a witness) turns up: then the run is taken back into pend, and pend
	// grows to the end of the run and is converted as a whole. Text without traditional
	// characters so costs two bit tests per rune.
	runA    int
	pend    []item
	convOut []item
	scratch []byte
	// last is the last rune written or pending, 0 at the start of a line.
	last rune
	// sep is set when markup was dropped since the last rune: if the next rune and last
	// are both letters or digits of an alphabetic script, a space standing for the
	// characters [sepC0, sepC1) keeps them apart.
	sep          bool
	sepC0, sepC1 int
}

// seek advances the cursor to byte offset to, counting characters.
func (e *emitter) seek(to int) {
	if to > e.pos {
		e.char += utf8.RuneCountInString(e.src[e.pos:to])
		e.pos = to
	}
}

// drop leaves the bytes [from, to) out of the analysis text.
func (e *emitter) drop(from, to int, sep bool) {
	e.seek(from)
	c0 := e.char
	e.seek(to)
	if sep && e.char > c0 {
		if !e.sep {
			e.sepC0 = c0
		}
		e.sep = true
		e.sepC1 = e.char
	}
}

// keep writes the bytes [from, to) to the analysis text, cleaned, folded and converted.
func (e *emitter) keep(from, to int) {
	e.seek(from)
	if e.pos >= to {
		return
	}
	c := e.char
	buf, pieces := e.b.buf, e.b.pieces
	src := e.src[:to]
	for i := e.pos; i < len(src); {
		// Decode as ranging over the string does (an invalid byte is U+FFFD, one byte long),
		// without a call for ASCII and for U+3000–U+FFFF (lead byte E3–EF except ED, which
		// begins surrogates, and two continuation bytes: always valid).
		r, size := rune(src[i]), 1
		if b := src[i]; b >= utf8.RuneSelf {
			if b >= 0xE3 && b <= 0xEF && b != 0xED && i+2 < len(src) && src[i+1]&0xC0 == 0x80 && src[i+2]&0xC0 == 0x80 {
				r, size = rune(b&0x0F)<<12|rune(src[i+1]&0x3F)<<6|rune(src[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(src[i:])
			}
		}
		at := i
		i += size
		same := true // r is the character as written in src[at:i]
		switch {
		case r > 0x3000 && r < 0xfeff || r >= 0x20 && r < 0x7f:
			// CJK and printable ASCII: the common case, written as it is.
		default:
			var ok bool
			if r, ok = clean1(r); !ok {
				if !e.sep {
					e.sepC0 = c
				}
				e.sep = true
				e.sepC1 = c + 1
				c++
				continue
			}
			same = false
		}
		if !e.sep && len(e.pend) == 0 {
			// The common case of put, inline.
			ok := true
			if e.conv != nil {
				switch {
				case !e.conv.keyRunes.has(r):
					e.runA = -1
				case e.conv.witness.has(r):
					ok = false
				case e.runA < 0:
					e.runA = len(buf)
				}
			}
			if ok {
				e.last = r
				if same {
					buf, pieces = appendChar(buf, pieces, src[at:i], c)
				} else {
					buf, pieces = appendRune(buf, pieces, r, c)
				}
				c++
				continue
			}
		}
		e.b.buf, e.b.pieces = buf, pieces
		e.put(r, c)
		buf, pieces = e.b.buf, e.b.pieces
		c++
	}
	e.b.buf, e.b.pieces = buf, pieces
	e.pos, e.char = to, c
}

// clean1 returns what the rune r of the original becomes in the analysis text, or false
// when it is dropped.
func clean1(r rune) (rune, bool) {
	switch {
	case r < utf8.RuneSelf:
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' ', true // C0 control, DEL; the line breaks never get here
		}
	case r <= 0x9f:
		return ' ', true // C1 control
	case r == 0xa0:
		return ' ', true // no-break space
	case invisible(r):
		return 0, false
	case r == 0x3000 || r >= 0xff01 && r <= 0xff5e && foldable(r):
		if f := width.LookupRune(r).Folded(); f != 0 {
			return f, true
		}
	case r == 0x2028 || r == 0x2029:
		return ' ', true
	}
	return r, true
}

// put writes r, which came from original character c alone.
func (e *emitter) put(r rune, c int) {
	if e.sep {
		e.sep = false
		if wordRune(e.last) && wordRune(r) {
			e.flush()
			e.b.atomic(" ", e.sepC0, e.sepC1)
		}
	}
	e.last = r
	if e.conv != nil {
		switch {
		case !e.conv.keyRunes.has(r):
			if len(e.pend) > 0 || e.runA >= 0 {
				e.flush()
			}
		case len(e.pend) > 0:
			e.pend = append(e.pend, item{r, c, c + 1})
			return
		default:
			if e.runA < 0 {
				e.runA = len(e.b.buf)
			}
			if e.conv.witness.has(r) {
				e.rewind()
				e.pend = append(e.pend, item{r, c, c + 1})
				return
			}
		}
	}
	e.b.rune1(r, c)
}

// rewind takes the runes written since runA back into pend, with their characters.
func (e *emitter) rewind() {
	b := &e.b
	i := len(b.pieces) - 1
	for i > 0 && int(b.pieces[i].a) > e.runA {
		i--
	}
	// Every rune of the run was written one to one, so each piece from i on is uniform.
	for x := e.runA; x < len(b.buf); {
		for i+1 < len(b.pieces) && int(b.pieces[i+1].a) <= x {
			i++
		}
		p := b.pieces[i]
		r, w := utf8.DecodeRune(b.buf[x:])
		c := int(p.c) + (x-int(p.a))/int(p.w)
		e.pend = append(e.pend, item{r, c, c + 1})
		x += w
	}
	// Cut the map and the text back to runA.
	for len(b.pieces) > 0 {
		p := &b.pieces[len(b.pieces)-1]
		if int(p.a) >= e.runA {
			b.pieces = b.pieces[:len(b.pieces)-1]
			continue
		}
		if end := int(p.a) + int(p.n)*int(p.w); end > e.runA {
			p.n = int32((e.runA - int(p.a)) / int(p.w))
		}
		break
	}
	b.buf = b.buf[:e.runA]
}

// replace writes s for the bytes [from, to) as a whole.
func (e *emitter) replace(from, to int, s string) {
	e.seek(from)
	c0 := e.char
	e.seek(to)
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	if e.sep {
		e.sep = false
		if wordRune(e.last) && wordRune(first) {
			e.flush()
			e.b.atomic(" ", e.sepC0, e.sepC1)
		}
	}
	e.flush()
	e.b.atomic(s, c0, e.char)
	e.last, _ = utf8.DecodeLastRuneInString(s)
}

// cell writes a space for the bytes [from, to) and ends the sentence there.
func (e *emitter) cell(from, to int) {
	e.flush()
	e.sep = false
	e.b.breaks = append(e.b.breaks, len(e.b.buf))
	e.seek(from)
	c0 := e.char
	e.seek(to)
	e.b.atomic(" ", c0, e.char)
	e.last = ' '
}

// newline writes "\n" for the line break [from, to).
func (e *emitter) newline(from, to int) {
	if from == to {
		return
	}
	e.flush()
	e.sep = false
	e.seek(from)
	c0 := e.char
	e.seek(to)
	if e.char == c0+1 {
		e.b.rune1('\n', c0)
	} else {
		e.b.atomic("\n", c0, e.char)
	}
	e.last = 0
}

// paragraph starts a new paragraph at the current end of the analysis text.
func (e *emitter) paragraph() {
	e.flush()
	if n := len(e.b.buf); e.b.paras[len(e.b.paras)-1] != n {
		e.b.paras = append(e.b.paras, n)
	}
}

// flush ends the current run of key runes, converting what is pending.
func (e *emitter) flush() {
	e.runA = -1
	if len(e.pend) == 0 {
		return
	}
	out := e.conv.convert(e.pend, e.convOut[:0], &e.scratch)
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && out[j].lo == out[i].lo && out[j].hi == out[i].hi {
			j++
		}
		if j == i+1 && out[i].hi == out[i].lo+1 {
			e.b.rune1(out[i].r, out[i].lo)
		} else {
			var s []byte
			for _, it := range out[i:j] {
				s = utf8.AppendRune(s, it.r)
			}
			e.b.atomic(string(s), out[i].lo, out[i].hi)
		}
		i = j
	}
	e.convOut = out
	e.pend = e.pend[:0]
}

// plain splits text that is not Markdown into lines and paragraphs at blank lines.
func (e *emitter) plain() {
	prevBlank := true
	for ln := range lines(e.src) {
		blank := isBlank(e.src[ln.start:ln.end])
		if !blank && prevBlank {
			e.paragraph()
		}
		e.keep(ln.start, ln.end)
		e.newline(ln.end, ln.next)
		prevBlank = blank
	}
}

// line is one line of the original: its text is [start, end), its line break [end, next).
type line struct{ start, end, next int }

// lines yields the lines of s; a line break is "\n", "\r\n" or "\r".
func lines(s string) func(yield func(line) bool) {
	return func(yield func(line) bool) {
		start := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '\n' && c != '\r' {
				continue
			}
			next := i + 1
			if c == '\r' && next < len(s) && s[next] == '\n' {
				next++
			}
			if !yield(line{start, i, next}) {
				return
			}
			start = next
			i = next - 1
		}
		if start < len(s) {
			yield(line{start, len(s), len(s)})
		}
	}
}

// isBlank reports whether s holds nothing that reaches the analysis text but whitespace.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !invisible(r) {
			return false
		}
	}
	return true
}

// invisible reports whether r is a format character that is dropped from the analysis text.
func invisible(r rune) bool {
	switch r {
	case 0x00ad, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff:
		return true
	}
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// foldable reports whether the full-width form r (U+FF01–U+FF5E) is folded to ASCII: letters,
// digits and symbols are; the punctuation that Chinese text uses as its own is not.
func foldable(r rune) bool {
	switch r {
	case '！', '＂', '＇', '（', '）', '，', '：', '；', '？', '［', '］', '｛', '｝':
		return false
	}
	return true
}

// wordRune reports whether r is a letter or digit of a script that separates words with
// spaces (below U+2E80, where the CJK blocks begin).
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r < 0x2e80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
