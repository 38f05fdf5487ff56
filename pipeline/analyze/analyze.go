// Package analyze runs the analysis stages on documents: normalize → segment → tag → stance.
// It owns one Normalizer, one Segmenter, one Tagger and one stance Scorer, all built once per
// process and shared by every worker, and turns their per-sentence results (byte offsets into
// the analysis text) into a model.Annotation whose offsets are characters of the original
// text.
package analyze

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/semaphore"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/normalize"
	"github.com/huashu/huashu/pipeline/segment"
	"github.com/huashu/huashu/pipeline/stance"
	"github.com/huashu/huashu/pipeline/tag"
)

// Options configures an Analyzer.
type Options struct {
	// Codebook is the codebook to tag with; nil means the embedded default.
	Codebook *codebook.Codebook
	// DictDir and UserDict are passed to the segmenter (see segment.Options).
	DictDir  string
	UserDict string
	// Stance scores stance toward the codebook's targets; nil means the codebook rules
	// (stance.NewRules). A scorer with a SetRules(*stance.Rules) method (a trained
	// classify.Model) is given the rules of Codebook. Set NoStance to leave stance out.
	Stance   stance.Scorer
	NoStance bool
	// KeepText copies the original text into Annotation.Text.
	KeepText bool
	// NoWords leaves Analyzed.Tokens nil: words are counted (Annotation.Tokens) but not
	// mapped back to the original text. For callers that print annotations only
	// (cmd/annotate); the index and stats need the words.
	NoWords bool
	// InFlightBytes bounds the text of the documents Stream holds at once (see Stream);
	// 0 means DefaultInFlightBytes.
	InFlightBytes int64
}

// DefaultInFlightBytes is Options.InFlightBytes when it is 0: enough for the 2 × workers
// documents Stream holds on a few cores, even long ones; the index, which holds a document
// again at tens of bytes a byte in bleve's batches, asks for less.
const DefaultInFlightBytes = 32 << 20

// ruleUser is a stance scorer that needs the codebook's rules to find which sentences speak
// of which target (classify.Model).
type ruleUser interface{ SetRules(*stance.Rules) }

// Analyzer analyses documents. It is safe for concurrent use; Close frees it.
type Analyzer struct {
	cb       *codebook.Codebook
	plain    *normalize.Normalizer
	markdown *normalize.Normalizer
	seg      *segment.Segmenter
	tagger   *tag.Tagger
	stance   stance.Scorer
	keepText bool
	noWords  bool
	inFlight int64 // Options.InFlightBytes
	// frameIndex gives each frame's index in the codebook, by ID.
	frameIndex map[string]int
}

// New builds the stages: it loads jieba's dictionaries (~0.5 s, ~125 MB) with every codebook
// pattern and target alias as a word, and compiles the codebook's automaton.
func New(opts Options) (*Analyzer, error) {
	cb := opts.Codebook
	if cb == nil {
		var err error
		if cb, err = codebook.Default(); err != nil {
			return nil, err
		}
	}
	// jieba's dictionaries take ~0.5 s to load on one core; the other stages are built
	// meanwhile (~25 ms).
	type loaded struct {
		seg *segment.Segmenter
		err error
	}
	segDone := make(chan loaded, 1)
	go func() {
		seg, err := segment.New(segment.Options{DictDir: opts.DictDir, UserDict: opts.UserDict, Words: cb.DictWords()})
		segDone <- loaded{seg, err}
	}()
	a, err := newStages(cb, opts)
	l := <-segDone
	if l.err != nil {
		return nil, l.err
	}
	if err != nil {
		l.seg.Close()
		return nil, err
	}
	a.seg = l.seg
	return a, nil
}

// newStages builds every stage but the segmenter.
func newStages(cb *codebook.Codebook, opts Options) (*Analyzer, error) {
	plain, err := normalize.New(normalize.Options{Traditional: true})
	if err != nil {
		return nil, err
	}
	md, err := normalize.New(normalize.Options{Traditional: true, Markdown: true})
	if err != nil {
		return nil, err
	}
	tagger, err := tag.New(cb)
	if err != nil {
		return nil, err
	}
	a := &Analyzer{
		cb: cb, plain: plain, markdown: md, tagger: tagger, stance: opts.Stance,
		keepText: opts.KeepText, noWords: opts.NoWords, inFlight: opts.InFlightBytes,
		frameIndex: make(map[string]int, len(cb.Frames)),
	}
	for i, f := range cb.Frames {
		a.frameIndex[f.ID] = i
	}
	if opts.NoStance {
		a.stance = nil
	} else if user, ok := a.stance.(ruleUser); a.stance == nil || ok {
		rules, err := stance.NewRules(cb, stance.RulesOptions{})
		if err != nil {
			return nil, err
		}
		if ok {
			// A trained model judges the sentences that this codebook's rules find
			// speaking of a target.
			user.SetRules(rules)
		} else {
			a.stance = rules
		}
	}
	return a, nil
}

// Codebook returns the codebook the Analyzer tags with.
func (a *Analyzer) Codebook() *codebook.Codebook { return a.cb }

// Segmenter returns the shared segmenter, for stages that must cut text the same way (the
// index's query analyzer).
func (a *Analyzer) Segmenter() *segment.Segmenter { return a.seg }

// Close frees the segmenter.
func (a *Analyzer) Close() error { return a.seg.Close() }

// isMarkdown tells whether a document's text is Markdown, by its file's extension.
func isMarkdown(doc *model.Document) bool { return normalize.IsMarkdownPath(doc.Path) }

// Analyze analyses one document. A panic in a stage comes back as an error naming the
// document, so one bad document never stops a run.
func (a *Analyzer) Analyze(doc *model.Document) (res *model.Analyzed, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while analysing %s (a bug: please report it): %v", doc.ID, p)
			if os.Getenv("HUASHU_DEBUG") != "" {
				err = fmt.Errorf("%w\n%s", err, debug.Stack())
			}
			res = nil
		}
	}()
	norm := a.plain
	if isMarkdown(doc) {
		norm = a.markdown
	}
	nr := norm.Normalize(doc.Text)
	ann := &model.Annotation{
		ID: doc.ID, Path: doc.Path, Line: doc.Line,
		Title: doc.Title, Author: doc.Author, Source: doc.Source, Date: doc.Date, URL: doc.URL,
		Tags: doc.Tags, Meta: doc.Meta,
		Chars:      nr.Chars,
		Paragraphs: nr.Paragraphs,
		Sentences:  make([]model.Sentence, 0, len(nr.Sentences)),
		Markers:    []model.Marker{},
		Frames:     map[string]model.FrameStat{},
	}
	if a.keepText {
		ann.Text = doc.Text
	}
	var tokens [][]model.Token
	var words *normalize.Cursor // words come in order: O(1) each
	if !a.noWords {
		tokens = make([][]model.Token, len(nr.Sentences))
		words = nr.Cursor()
	}
	// The stance rules read each block's sentences as soon as they are tagged (stance.Doc),
	// so that a long document's words are held one block at a time; another scorer gets
	// every sentence at the end.
	var sd *stance.Doc
	var inputs []stance.Input
	if rules, ok := a.stance.(*stance.Rules); ok {
		longest := 0
		for _, s := range nr.Sentences {
			longest = max(longest, s.AEnd-s.AStart)
		}
		sd = rules.Begin(ann, len(nr.Sentences), longest)
	} else if a.stance != nil {
		inputs = make([]stance.Input, len(nr.Sentences))
	}
	terms := newCharCursor(doc.Text)
	places := nr.Cursor() // the markers come in order, as the words do
	inQuote, paragraph := false, -1
	var tagged []tag.Result
	blocks := cutBlocks(nr.Sentences)
	// While a block is tagged and read for stance, jieba cuts the next one on another
	// goroutine: a long document alone is not one core's work.
	var next chan blockWords
	for bi, b := range blocks {
		var sentenceTokens [][]segment.Token
		if next != nil {
			cb := <-next
			if cb.panic != nil {
				panic(cb.panic)
			}
			sentenceTokens = cb.tokens
		} else {
			sentenceTokens = a.cutBlock(nr, b)
		}
		next = nil
		if bi+1 < len(blocks) {
			next = make(chan blockWords, 1)
			go func(b sentenceBlock, out chan<- blockWords) {
				defer func() {
					if p := recover(); p != nil {
						out <- blockWords{panic: p}
					}
				}()
				out <- blockWords{tokens: a.cutBlock(nr, b)}
			}(blocks[bi+1], next)
		}
		b0, block := b.start, nr.Sentences[b.start:b.end]
		// Tag the block's sentences first, so that their markers are allocated at once.
		tagged = tagged[:0]
		markers := 0
		for k, s := range block {
			if s.Paragraph != paragraph { // quotation marks do not run across paragraphs
				inQuote, paragraph = false, s.Paragraph
			}
			res := a.tagger.Tag(tag.Sentence{Text: nr.Analysis[s.AStart:s.AEnd], Tokens: sentenceTokens[k], InQuote: inQuote})
			tagged = append(tagged, res)
			inQuote = res.InQuote
			markers += len(res.Matches)
		}
		ann.Markers = slices.Grow(ann.Markers, markers)
		for k, s := range block {
			si := b0 + k
			text := nr.Analysis[s.AStart:s.AEnd]
			toks := sentenceTokens[k]
			res := &tagged[k]

			if a.noWords {
				for _, t := range toks {
					if isWord(t.Text) {
						ann.Tokens++
					}
				}
			} else {
				kept := make([]model.Token, 0, len(toks))
				for _, t := range toks {
					if !isWord(t.Text) {
						continue
					}
					start, end := words.Span(s.AStart+t.Start, s.AStart+t.End)
					kept = append(kept, model.Token{Text: t.Text, Start: start, End: end})
				}
				tokens[si] = kept
				ann.Tokens += len(kept)
			}

			var inSentence [64]bool // frames seen in this sentence, by codebook index
			seen := inSentence[:0]
			if len(a.cb.Frames) <= len(inSentence) {
				seen = inSentence[:len(a.cb.Frames)]
			} else {
				seen = make([]bool, len(a.cb.Frames))
			}
			for _, m := range res.Matches {
				start, end := places.Span(s.AStart+m.Start, s.AStart+m.End)
				ann.Markers = append(ann.Markers, model.Marker{
					Term: terms.slice(start, end), Pattern: m.Pattern,
					Start: start, End: end, Sentence: si,
					Categories: m.Categories,
					Negated:    m.Negated, Quoted: m.Quoted, Question: m.Question,
				})
				for _, c := range m.Categories {
					if i, ok := a.frameIndex[c]; ok {
						seen[i] = true
						fs := ann.Frames[c]
						fs.Hits++
						ann.Frames[c] = fs
					}
				}
			}
			frames := []string{}
			for i, ok := range seen {
				if ok {
					frames = append(frames, a.cb.Frames[i].ID)
				}
			}
			ann.Sentences = append(ann.Sentences, model.Sentence{
				Start: s.Start, End: s.End, Paragraph: s.Paragraph,
				Question: res.Question, Rhetorical: res.Rhetorical,
				Frames: frames,
			})
			in := stance.Input{Text: text, Tokens: toks}
			if sd != nil {
				sd.Add(in)
			} else if inputs != nil {
				inputs[si] = in
			}
		}
	}
	total := 0
	for _, fs := range ann.Frames {
		total += fs.Hits
	}
	for id, fs := range ann.Frames {
		if ann.Chars > 0 {
			fs.Per1K = round(float64(fs.Hits)*1000/float64(ann.Chars), 3)
		}
		fs.Share = round(float64(fs.Hits)/float64(total), 3)
		ann.Frames[id] = fs
	}
	if sd != nil {
		sd.Finish()
	} else if a.stance != nil {
		a.stance.Score(ann, inputs)
	}
	return &model.Analyzed{Doc: doc, Annotation: ann, Tokens: tokens}, nil
}

// blockBytes bounds the analysis text of the sentences that Analyze cuts into words at once:
// a long document's words (~40 bytes each, ~8 bytes a byte of text) are held two blocks at
// a time (the one being read and the next, being cut). An essay is one block.
const blockBytes = 256 << 10

// sentenceBlock is a run of a document's sentences, [start, end).
type sentenceBlock struct{ start, end int }

// cutBlocks cuts sentences into blocks of up to blockBytes of analysis text, at least one
// sentence each.
func cutBlocks(sentences []normalize.Sentence) []sentenceBlock {
	var out []sentenceBlock
	for b0 := 0; b0 < len(sentences); {
		b1, size := b0, 0
		for b1 < len(sentences) && (b1 == b0 || size+sentences[b1].AEnd-sentences[b1].AStart <= blockBytes) {
			size += sentences[b1].AEnd - sentences[b1].AStart
			b1++
		}
		out = append(out, sentenceBlock{b0, b1})
		b0 = b1
	}
	return out
}

// blockWords is the words of a block's sentences, or the panic that cutting them raised.
type blockWords struct {
	tokens [][]segment.Token
	panic  any
}

// cutBlock cuts the sentences of block b into words.
func (a *Analyzer) cutBlock(nr *normalize.Result, b sentenceBlock) [][]segment.Token {
	spans := make([]segment.Span, 0, b.end-b.start)
	for _, s := range nr.Sentences[b.start:b.end] {
		spans = append(spans, segment.Span{Start: s.AStart, End: s.AEnd})
	}
	return a.seg.TokenizeSpans(nr.Analysis, spans)
}

// isWord tells whether a jieba token counts as a word: it has a letter or a digit.
func isWord(s string) bool {
	// Most tokens begin with a character of U+5000–U+9FFF, all of them Han (letters): lead
	// byte E5–E9 followed by two continuation bytes.
	if len(s) >= 3 && s[0] >= 0xE5 && s[0] <= 0xE9 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		return true
	}
	for _, r := range s {
		if r < 1<<16 {
			if wordRunes[r>>6]&(1<<(r&63)) != 0 {
				return true
			}
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// wordRunes has a bit for each character below U+10000 that is a letter or a digit
// (unicode.IsLetter or unicode.IsDigit): the other tokens, punctuation for the most part,
// are told with one load instead of a search of Unicode's tables.
var wordRunes = func() *[1 << 10]uint64 {
	var bits [1 << 10]uint64
	for _, tab := range []*unicode.RangeTable{unicode.Letter, unicode.Digit} {
		for _, rg := range tab.R16 {
			for c := int(rg.Lo); c <= int(rg.Hi); c += int(rg.Stride) {
				bits[c>>6] |= 1 << (c & 63)
			}
		}
	}
	return &bits
}()

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// charCursor slices a string by character offsets (an invalid byte counts as one character,
// as normalize counts them), moving forward from its last position so that a document's
// markers, which come in order, cost one pass over the text.
type charCursor struct {
	s          string
	char, byte int
	// valid is whether s is valid UTF-8: a character's length is then told by its first
	// byte, without decoding it.
	valid bool
}

func newCharCursor(s string) *charCursor { return &charCursor{s: s, valid: utf8.ValidString(s)} }

// seek returns the byte offset of character offset c.
func (cc *charCursor) seek(c int) int {
	if c < cc.char {
		cc.char, cc.byte = 0, 0
	}
	for cc.char < c && cc.byte < len(cc.s) {
		size := 0
		switch b := cc.s[cc.byte]; {
		case !cc.valid:
			_, size = utf8.DecodeRuneInString(cc.s[cc.byte:])
		case b < 0xC0:
			size = 1
		case b < 0xE0:
			size = 2
		case b < 0xF0:
			size = 3
		default:
			size = 4
		}
		cc.byte += size
		cc.char++
	}
	return cc.byte
}

// slice returns the text of characters [start, end).
func (cc *charCursor) slice(start, end int) string {
	b0 := cc.seek(start)
	b1 := cc.seek(end)
	return cc.s[b0:b1]
}

// Stream analyses the documents read from docs on workers goroutines (0 means one per CPU)
// and calls emit for each result in input order, from one goroutine. A document whose
// analysis fails is reported to log and skipped. Stream returns when docs is closed and
// every result was emitted, or at the first error of emit or the context. At most
// 2 × workers documents are in flight (being analysed or waiting for their turn), and at
// most Options.InFlightBytes of text unless one document is longer (it is then alone), so
// memory stays bounded whatever the corpus size: a document is held at several bytes a
// byte of its text while it is analysed.
func (a *Analyzer) Stream(ctx context.Context, docs <-chan *model.Document, workers int, log *diag.Log, emit func(*model.Analyzed) error) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	type result struct {
		doc *model.Document
		res *model.Analyzed
		err error
	}
	type job struct {
		doc *model.Document
		out chan result
	}
	type future struct {
		out  chan result
		held int64 // of the budget
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inFlight := a.inFlight
	if inFlight <= 0 {
		inFlight = DefaultInFlightBytes
	}
	budget := semaphore.NewWeighted(inFlight)
	jobs := make(chan job)
	futures := make(chan future, 2*workers)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				res, err := a.Analyze(j.doc)
				j.out <- result{j.doc, res, err}
			}
		}()
	}
	go func() { // feeder: keeps input order in futures
		defer close(futures)
		defer close(jobs)
		for {
			var doc *model.Document
			var ok bool
			select {
			case <-ctx.Done():
				return
			case doc, ok = <-docs:
				if !ok {
					return
				}
			}
			held := min(int64(len(doc.Text))+1, inFlight)
			if budget.Acquire(ctx, held) != nil {
				return
			}
			out := make(chan result, 1)
			select {
			case futures <- future{out, held}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{doc, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for f := range futures {
		var r result
		select {
		case r = <-f.out:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			if err := log.Report(diag.Diagnostic{Path: r.doc.Path, Line: r.doc.Line, Kind: diag.KindPanic, Reason: r.err.Error(), Skipped: true}); err != nil {
				return err
			}
			budget.Release(f.held)
			continue
		}
		err := emit(r.res)
		budget.Release(f.held)
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
