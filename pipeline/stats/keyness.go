package stats

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Correction is the correction of the G² statistic, named as quanteda's
// textstat_keyness(measure = "lr", correction = …) names it.
type Correction string

// Corrections of G².
const (
	// CorrectionDefault is quanteda's default for "lr": Yates's continuity correction (each
	// cell moved 0.5 toward independence) where the smallest expected count is below 5 and
	// |ad − bc| > N/2, no correction elsewhere.
	CorrectionDefault Correction = "default"
	// CorrectionYates is the same as CorrectionDefault, as in quanteda.
	CorrectionYates Correction = "yates"
	// CorrectionWilliams divides G² by Williams's q where no cell is zero.
	CorrectionWilliams Correction = "williams"
	// CorrectionNone is the plain four-cell G² (quanteda's correction = "none").
	CorrectionNone Correction = "none"
	// Rayson is not a correction but the two-cell log-likelihood of Rayson and Garside (2000),
	// LL = 2 · (a · ln(a/E1) + b · ln(b/E2)) with E1 = C_t(a+b)/(C_t+C_r) and
	// E2 = C_r(a+b)/(C_t+C_r), that AntConc's keyword list and Lancaster's log-likelihood
	// calculator report; signed as the others.
	Rayson Correction = "rayson"
)

// Feature kinds of the keyness table.
const (
	KindWord     = "word"     // a jieba word, Latin letters lower-cased
	KindMarker   = "marker"   // a marker's term as it stands, Latin letters lower-cased
	KindCategory = "category" // a codebook category (frame or rhetoric), counted by its markers
)

// KeynessOptions configures Keyness.
type KeynessOptions struct {
	// Correction of G²; "" means CorrectionDefault.
	Correction Correction
	// Min leaves out features whose n_target + n_reference is below it.
	Min int
}

// Keyness compares a target set of documents with a reference set and returns the keyness
// table: one row per feature (word, marker, category), most over-represented in the target
// first (by g2, then by feature), with columns
//
//	feature, kind, n_target, n_reference, g2, p, log_ratio
//
// For a feature counted a times in the target and b times in the reference, with C_t and C_r
// the numbers of words of the two sets (sum of len(Words) for words, sum of Annotation.Tokens
// for markers and categories: a marker is one event among the words), c = C_t − a,
// d = C_r − b, N = a + b + c + d, and the expected counts E11 = (a+b)(a+c)/N,
// E12 = (a+b)(b+d)/N, E21 = (a+c)(c+d)/N, E22 = (b+d)(c+d)/N:
//
//	g2 = ±2 · Σ O · ln(O/E + 1e-9)         over the four cells, as quanteda's keyness_lr computes
//	                                       it (with its epsilon and correction), negative when the
//	                                       feature is under-represented in the target (a < E11)
//	p  = P(χ²₁ ≥ |g2|)
//	log_ratio = log2((a/C_t) / (b/C_r))    Hardie's Log Ratio, a zero count taken as 0.5
//
// Words need Doc.Words; documents without them contribute no words.
//
// It runs a KeynessAcc over the two sets.
func Keyness(target, reference []Doc, opts KeynessOptions) (*Table, error) {
	acc, err := NewKeynessAcc(opts)
	if err != nil {
		return nil, err
	}
	for _, d := range target {
		acc.AddTarget(d)
	}
	for _, d := range reference {
		acc.AddReference(d)
	}
	return acc.Table()
}

// KeynessAcc accumulates the keyness table (see Keyness): the count of each feature on each
// side, and the sizes of the sides. Its memory grows with the distinct features.
type KeynessAcc struct {
	opts          KeynessOptions
	freq          map[feature]*[2]int // per feature, the counts in the target and the reference
	words, tokens [2]int              // per side
}

// feature is a row of the keyness table: a kind (KindWord, KindMarker, KindCategory) and
// what is counted.
type feature struct{ kind, name string }

// NewKeynessAcc returns an empty accumulator of the keyness table, or an error when
// opts.Correction is not one of the Correction constants or "".
func NewKeynessAcc(opts KeynessOptions) (*KeynessAcc, error) {
	switch opts.Correction {
	case "":
		opts.Correction = CorrectionDefault
	case CorrectionDefault, CorrectionYates, CorrectionWilliams, CorrectionNone, Rayson:
	default:
		return nil, fmt.Errorf("stats: keyness: unknown correction %q (want default, yates, williams, none or rayson)", opts.Correction)
	}
	return &KeynessAcc{opts: opts, freq: map[feature]*[2]int{}}, nil
}

// AddTarget adds d to the target set.
func (acc *KeynessAcc) AddTarget(d Doc) { acc.add(0, d) }

// AddReference adds d to the reference set.
func (acc *KeynessAcc) AddReference(d Doc) { acc.add(1, d) }

// add counts the features of d on side 0 (target) or 1 (reference).
func (acc *KeynessAcc) add(side int, d Doc) {
	bump := func(k feature) {
		p := acc.freq[k]
		if p == nil {
			// A copy, so that the key does not keep alive the words the feature was cut from.
			k.name = strings.Clone(k.name)
			p = &[2]int{}
			acc.freq[k] = p
		}
		p[side]++
	}
	acc.tokens[side] += d.Ann.Tokens
	acc.words[side] += len(d.Words)
	for _, w := range d.Words {
		bump(feature{KindWord, fold(w)})
	}
	for _, m := range d.Ann.Markers {
		bump(feature{KindMarker, fold(m.Term)})
		for _, c := range m.Categories {
			bump(feature{KindCategory, c})
		}
	}
}

// Table returns the keyness table of the documents added, or an error when the target or
// the reference has no words (Annotation.Tokens add up to 0).
func (acc *KeynessAcc) Table() (*Table, error) {
	words, tokens := acc.words, acc.tokens
	if tokens[0] == 0 || tokens[1] == 0 {
		return nil, errors.New("stats: keyness: the target or the reference has no words")
	}
	type row struct {
		feature
		a, b      int
		g2, p, lr float64
	}
	var rows []row
	for k, p := range acc.freq {
		a, b := p[0], p[1]
		if a+b < acc.opts.Min {
			continue
		}
		ct, cr := tokens[0], tokens[1]
		if k.kind == KindWord {
			ct, cr = words[0], words[1]
		}
		g2 := G2(a, b, ct, cr, acc.opts.Correction)
		rows = append(rows, row{k, a, b, g2, ChiSquareP(g2), LogRatio(a, b, ct, cr)})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].g2 != rows[j].g2 {
			return rows[i].g2 > rows[j].g2
		}
		if rows[i].kind != rows[j].kind {
			return rows[i].kind < rows[j].kind
		}
		return rows[i].name < rows[j].name
	})
	b := newBuilder("keyness")
	b.col("feature", String)
	b.col("kind", String)
	b.col("n_target", Int)
	b.col("n_reference", Int)
	b.col("g2", Float)
	b.col("p", Float)
	b.col("log_ratio", Float)
	for _, r := range rows {
		b.add([]any{r.name, r.kind, r.a, r.b, r.g2, r.p, r.lr})
	}
	return b.t, nil
}

// G2 returns the signed log-likelihood statistic of a feature counted a times among sizeA
// words of the target and b times among sizeB of the reference, as quanteda's
// textstat_keyness(measure = "lr", correction = corr) reports it (see Keyness). corr must be
// one of the Correction constants ("" is not accepted here).
func G2(a, b, sizeA, sizeB int, corr Correction) float64 {
	if corr == Rayson {
		return rayson(a, b, sizeA, sizeB)
	}
	const epsilon = 1e-9 // quanteda's offset for zero cells
	A, B := float64(a), float64(b)
	C, D := float64(sizeA-a), float64(sizeB-b)
	N := A + B + C + D
	e11 := (A + B) * (A + C) / N
	if corr == CorrectionDefault || corr == CorrectionYates {
		small := e11 < 5 || (A+B)*(B+D)/N < 5 || (A+C)*(C+D)/N < 5 || (C+D)*(B+D)/N < 5
		if small && math.Abs(A*D-B*C) > N/2 {
			s := 0.5
			if A*D-B*C > 0 {
				s = -0.5
			}
			A, D, B, C = A+s, D+s, B-s, C-s
		}
	}
	g2 := 2 * (A*math.Log(A/e11+epsilon) +
		B*math.Log(B/((A+B)*(B+D)/N)+epsilon) +
		C*math.Log(C/((A+C)*(C+D)/N)+epsilon) +
		D*math.Log(D/((B+D)*(C+D)/N)+epsilon))
	if !(A > e11) {
		g2 = -g2
	}
	if corr == CorrectionWilliams && A*B*C*D != 0 {
		q := 1 + (N/(A+B)+N/(C+D)-1)*(N/(A+C)+N/(B+D)-1)/(6*N)
		g2 /= q
	}
	return g2
}

// rayson is the two-cell log-likelihood (see Rayson), negative when a/sizeA < b/sizeB.
func rayson(a, b, sizeA, sizeB int) float64 {
	A, B := float64(a), float64(b)
	ct, cr := float64(sizeA), float64(sizeB)
	e1 := ct * (A + B) / (ct + cr)
	e2 := cr * (A + B) / (ct + cr)
	ll := 0.0
	if a > 0 {
		ll += A * math.Log(A/e1)
	}
	if b > 0 {
		ll += B * math.Log(B/e2)
	}
	ll *= 2
	if A*cr < B*ct {
		ll = -ll
	}
	return ll
}

// ChiSquareP returns P(χ² ≥ |x|) for one degree of freedom: the p-value of a G² statistic.
func ChiSquareP(x float64) float64 {
	return math.Erfc(math.Sqrt(math.Abs(x) / 2))
}

// LogRatio returns Hardie's Log Ratio, log2((a/sizeA) / (b/sizeB)), a zero count taken as 0.5;
// NaN when a size is 0.
func LogRatio(a, b, sizeA, sizeB int) float64 {
	if sizeA == 0 || sizeB == 0 {
		return math.NaN()
	}
	A, B := float64(a), float64(b)
	if a == 0 {
		A = 0.5
	}
	if b == 0 {
		B = 0.5
	}
	return math.Log2((A / float64(sizeA)) / (B / float64(sizeB)))
}

// CollocateOptions configures Collocates.
type CollocateOptions struct {
	// Term is the node word; it matches a word equal to it, Latin letters in any case.
	Term string
	// Window is the span on each side, in words (5 when 0).
	Window int
	// Min leaves out collocates seen fewer times than it near the node.
	Min int
}

// Collocates returns the collocates table of a node word: one row per word seen within
// Window words on either side of an occurrence of Term in the same document, strongest first
// (by log_dice, then freq, then word), with columns
//
//	collocate, freq, collocate_freq, node_freq, mi, log_dice, t_score
//
// freq (f_nc) counts the positions within the window of some occurrence of the node (a
// position in two overlapping windows counts once; the node's own positions never count),
// collocate_freq (f_c) the collocate's occurrences in all the documents, node_freq (f_n) the
// node's, and N the words of all the documents. As Sketch Engine defines them:
//
//	mi       = log2(f_nc · N / (f_n · f_c))
//	log_dice = 14 + log2(2 · f_nc / (f_n + f_c))
//	t_score  = (f_nc − f_n · f_c / N) / √f_nc
//
// Windows run across sentence boundaries, as AntConc's do. It needs Doc.Words.
//
// It runs a CollocatesAcc over docs.
func Collocates(docs []Doc, opts CollocateOptions) (*Table, error) {
	acc, err := NewCollocatesAcc(opts)
	if err != nil {
		return nil, err
	}
	return run(acc, docs)
}

// CollocatesAcc accumulates the collocates table (see Collocates): windows are found within
// one document at a time, and the counts of every word kept. Its memory grows with the
// distinct words.
type CollocatesAcc struct {
	node   string // the folded term
	window int
	min    int
	total  int // N: the words of all the documents
	fn     int // f_n: the node's occurrences
	// slot numbers the distinct words (folded, each key a copy of the word); counts holds
	// their counts by number. The map is only read once a word is in it: assigning an entry
	// again would store the key anew, a word that keeps the text it was cut from alive.
	slot   map[string]int
	counts []wordCount
	// slots and inWindow are scratch for the document being added: its words' numbers, and
	// whether each is within the window of the node.
	slots    []int
	inWindow []bool
}

// wordCount counts one word: fc its occurrences, fnc those within the window of the node.
type wordCount struct{ fc, fnc int }

// NewCollocatesAcc returns an empty accumulator of the collocates table, or an error when
// opts has no term or a negative window.
func NewCollocatesAcc(opts CollocateOptions) (*CollocatesAcc, error) {
	node := fold(opts.Term)
	if node == "" {
		return nil, errors.New("stats: collocates: no term")
	}
	window := opts.Window
	if window == 0 {
		window = 5
	}
	if window < 0 {
		return nil, fmt.Errorf("stats: collocates: negative window %d", window)
	}
	return &CollocatesAcc{node: node, window: window, min: opts.Min, slot: map[string]int{}}, nil
}

// Add counts the words of d and those within the window of the node (it needs d.Words).
func (acc *CollocatesAcc) Add(d Doc) {
	slots := acc.slots[:0]
	for _, w := range d.Words {
		w = fold(w)
		i, ok := acc.slot[w]
		if !ok {
			i = len(acc.counts)
			acc.slot[strings.Clone(w)] = i
			acc.counts = append(acc.counts, wordCount{})
		}
		acc.counts[i].fc++
		slots = append(slots, i)
	}
	acc.slots = slots
	acc.total += len(slots)
	node, ok := acc.slot[acc.node]
	if !ok {
		return // the node has not been seen yet, so not in d
	}
	inWindow := append(acc.inWindow[:0], make([]bool, len(slots))...)
	acc.inWindow = inWindow
	for i, s := range slots {
		if s != node {
			continue
		}
		acc.fn++
		for j := max(0, i-acc.window); j <= min(len(slots)-1, i+acc.window); j++ {
			inWindow[j] = true
		}
	}
	for j, ok := range inWindow {
		if ok && slots[j] != node {
			acc.counts[slots[j]].fnc++
		}
	}
}

// Table returns the collocates table of the documents added, or an error when they have no
// words.
func (acc *CollocatesAcc) Table() (*Table, error) {
	total, fn := acc.total, acc.fn
	if total == 0 {
		return nil, errors.New("stats: collocates: the documents have no words (annotate's output has none; an index stores them)")
	}
	type row struct {
		w                   string
		f, c                int
		mi, logDice, tScore float64
	}
	var rows []row
	for w, i := range acc.slot {
		f, c := acc.counts[i].fnc, acc.counts[i].fc
		if f == 0 || f < acc.min {
			continue // never near the node, or too rarely
		}
		rows = append(rows, row{w, f, c,
			math.Log2(float64(f) * float64(total) / (float64(fn) * float64(c))),
			14 + math.Log2(2*float64(f)/float64(fn+c)),
			(float64(f) - float64(fn)*float64(c)/float64(total)) / math.Sqrt(float64(f)),
		})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].logDice != rows[j].logDice {
			return rows[i].logDice > rows[j].logDice
		}
		if rows[i].f != rows[j].f {
			return rows[i].f > rows[j].f
		}
		return rows[i].w < rows[j].w
	})
	b := newBuilder("collocates")
	b.col("collocate", String)
	b.col("freq", Int)
	b.col("collocate_freq", Int)
	b.col("node_freq", Int)
	b.col("mi", Float)
	b.col("log_dice", Float)
	b.col("t_score", Float)
	for _, r := range rows {
		b.add([]any{r.w, r.f, r.c, fn, r.mi, r.logDice, r.tScore})
	}
	return b.t, nil
}
