package codebook

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Keys of the sections of an exported quanteda dictionary.
const (
	quantedaFrames   = "frames"
	quantedaRhetoric = "rhetoric"
	quantedaTargets  = "targets"
)

// WriteQuanteda writes the codebook as a quanteda dictionary in YAML, nested by kind:
//
//	frames:
//	  competition: ["中美 竞争", "领先", …]
//	rhetoric:
//	  triumphalism: ["遥遥领先", …]
//	targets:
//	  us_ai: ["Sora", "GPT - 4", …]
//
// Each pattern is cut into words by cut and written with a space between the words, the way
// quanteda writes a multi-word pattern, so that tokens_lookup matches it on tokens made by
// the same segmenter; pass the Cut of the segmenter that made those tokens (nil writes each
// pattern whole). Words that are only space are dropped; a pattern's stars stay at its ends,
// where quanteda reads them as globs. Read it in R with
// quanteda::dictionary(file = "codebook.yml", format = "YAML"). Exclusions, labels and
// definitions have no place in the format and are left out.
func (cb *Codebook) WriteQuanteda(w io.Writer, cut func(string) []string) error {
	str := func(s string, style yaml.Style) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: style}
	}
	section := func(key string, ids []string, pats [][]string) []*yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for i, id := range ids {
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, p := range pats[i] {
				seq.Content = append(seq.Content, str(splitPattern(p, cut), yaml.DoubleQuotedStyle))
			}
			m.Content = append(m.Content, str(id, 0), seq)
		}
		return []*yaml.Node{str(key, 0), m}
	}
	terms := func(cats []Category) [][]string {
		out := make([][]string, len(cats))
		for i, c := range cats {
			out[i] = c.Terms
		}
		return out
	}
	aliases := make([][]string, len(cb.Targets))
	for i, t := range cb.Targets {
		aliases[i] = t.Aliases
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	root.HeadComment = fmt.Sprintf("quanteda dictionary from the huashu codebook %q (sha256 %s).\n"+
		"Read it with quanteda::dictionary(file = ..., format = \"YAML\"); patterns are split into\n"+
		"words with spaces, '*' is a glob. Exclusions are not representable and are left out.", cb.Name, cb.Hash)
	if len(cb.Frames) > 0 {
		root.Content = append(root.Content, section(quantedaFrames, cb.FrameIDs(), terms(cb.Frames))...)
	}
	if len(cb.Rhetoric) > 0 {
		root.Content = append(root.Content, section(quantedaRhetoric, cb.RhetoricIDs(), terms(cb.Rhetoric))...)
	}
	if len(cb.Targets) > 0 {
		root.Content = append(root.Content, section(quantedaTargets, cb.TargetIDs(), aliases)...)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("codebook: writing quanteda dictionary: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("codebook: writing quanteda dictionary: %w", err)
	}
	return nil
}

// splitPattern cuts a pattern's literal text into words joined by spaces, stars kept at the
// ends.
func splitPattern(p string, cut func(string) []string) string {
	if cut == nil {
		return p
	}
	text := strings.TrimPrefix(p, "*")
	pre := len(text) < len(p)
	text2 := strings.TrimSuffix(text, "*")
	suf := len(text2) < len(text)
	var words []string
	for _, w := range cut(text2) {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	out := strings.Join(words, " ")
	if pre {
		out = "*" + out
	}
	if suf {
		out += "*"
	}
	return out
}

// rejoin undoes splitPattern: the words of s are joined without a space, except between a
// word that ends with a letter of a spaced script and one that begins with one (Sam Altman).
// jieba splits a run that starts with digits from the letters after it (7nm → 7 nm, GPT-4o →
// GPT - 4 o), so a digit on either side joins without a space. A space the original pattern
// had next to a digit or a Han character (iPhone 15, AI 芯片) is therefore lost.
func rejoin(s string) string {
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(words[i-1])
			next, _ := utf8.DecodeRuneInString(w)
			if isWordRune(prev) && isWordRune(next) && unicode.IsLetter(prev) && unicode.IsLetter(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// knownIDs are the default codebook's IDs by kind, which an imported dictionary's flat
// categories are sorted by.
var knownIDs = sync.OnceValue(func() map[string]string {
	kinds := map[string]string{}
	cb, err := Default()
	if err != nil {
		return kinds // the default's own tests fail loudly; an import still works
	}
	for _, id := range cb.FrameIDs() {
		kinds[id] = KindFrame
	}
	for _, id := range cb.RhetoricIDs() {
		kinds[id] = KindRhetoric
	}
	for _, id := range cb.TargetIDs() {
		kinds[id] = kindTarget
	}
	return kinds
})

// kindTarget marks a stance target among imported categories.
const kindTarget = "target"

// imported is one category of a dictionary being imported.
type imported struct {
	id, label, kind string
	line            int
	patterns        []string
}

// ReadQuanteda reads a quanteda dictionary in YAML, as WriteQuanteda writes it or as
// quanteda's own as.yaml gives it, and returns it as a validated codebook named name (used in
// errors too). The top-level keys frames, rhetoric and targets hold categories of that kind;
// any other key is a category, or a group whose nested keys are joined with "_" into IDs,
// and is a rhetoric category or a target when its ID is one of the default codebook's, else a
// frame. IDs are made lower-case with "_" for other characters. Each value's words are
// rejoined (中美 竞争 → 中美竞争, GPT - 4 → GPT-4, Sam Altman stays); values that fold to
// the same pattern in one category are kept once; categories without values are dropped.
func ReadQuanteda(r io.Reader, name string) (*Codebook, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlErrors(name, err)
	}
	if len(doc.Content) == 0 {
		return nil, ErrorList{{File: name, Msg: "empty dictionary"}}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, ErrorList{{File: name, Line: top.Line, Col: top.Column, Msg: "want a mapping of categories to patterns"}}
	}
	var cats []*imported
	var errs ErrorList
	var walk func(n *yaml.Node, path []string, kind string, line int)
	walk = func(n *yaml.Node, path []string, kind string, line int) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				walk(n.Content[i+1], append(path[:len(path):len(path)], k.Value), kind, k.Line)
			}
		case yaml.SequenceNode, yaml.ScalarNode:
			c := &imported{label: strings.Join(path, "_"), kind: kind, line: line}
			items := n.Content
			if n.Kind == yaml.ScalarNode {
				items = []*yaml.Node{n}
			}
			for _, it := range items {
				if it.Kind != yaml.ScalarNode {
					errs = append(errs, &Error{File: name, Line: it.Line, Col: it.Column, Msg: fmt.Sprintf("category %q: a pattern must be a string", c.label)})
					continue
				}
				if p := rejoin(it.Value); p != "" {
					c.patterns = append(c.patterns, p)
				}
			}
			cats = append(cats, c)
		default:
			errs = append(errs, &Error{File: name, Line: n.Line, Col: n.Column, Msg: "unexpected YAML node (alias?)"})
		}
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		kind := ""
		switch k.Value {
		case quantedaFrames:
			kind = KindFrame
		case quantedaRhetoric:
			kind = KindRhetoric
		case quantedaTargets:
			kind = kindTarget
		}
		if kind != "" && v.Kind == yaml.MappingNode {
			walk(v, nil, kind, k.Line)
		} else {
			walk(v, []string{k.Value}, "", k.Line)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return build(name, cats)
}

// WriteLIWC writes the codebook in LIWC's .dic format: a header between two lines of "%"
// numbering the categories (frames, then rhetoric, then targets, from 1), then one line per
// distinct pattern (Codebook.Patterns), the pattern as first written and the numbers of its
// categories and targets, separated by tabs. LIWC honours a '*' at the end of a word; a
// leading '*' is kept, which quanteda's LIWC reader and ReadLIWC understand and LIWC itself
// does not. Exclusions, labels and definitions are left out.
func (cb *Codebook) WriteLIWC(w io.Writer) error {
	bw := bufio.NewWriter(w)
	num := map[string]int{}
	bw.WriteString("%\n")
	ids := append(cb.FrameIDs(), append(cb.RhetoricIDs(), cb.TargetIDs()...)...)
	for i, id := range ids {
		num[id] = i + 1
		fmt.Fprintf(bw, "%d\t%s\n", i+1, id)
	}
	bw.WriteString("%\n")
	for _, p := range cb.Patterns() {
		bw.WriteString(p.Raw)
		for _, id := range append(append([]string(nil), p.Categories...), p.Targets...) {
			fmt.Fprintf(bw, "\t%d", num[id])
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("codebook: writing LIWC dictionary: %w", err)
	}
	return nil
}

// ReadLIWC reads a dictionary in LIWC's .dic format and returns it as a validated codebook
// named name (used in errors too). Categories are sorted into kinds as ReadQuanteda does; a
// category without words is dropped. A word line is the word (which may hold spaces) and
// its category numbers, separated by tabs or spaces; its words are rejoined as by
// ReadQuanteda. LIWC 2007's conditional entries ("like 02 134/125") are not supported.
func ReadLIWC(r io.Reader, name string) (*Codebook, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var (
		errs    ErrorList
		cats    []*imported
		byNum   = map[string]*imported{}
		percent int // "%" lines seen
		line    int
	)
	errorf := func(format string, args ...any) {
		errs = append(errs, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" {
			continue
		}
		if text == "%" {
			percent++
			if percent > 2 {
				errorf("a third %% line")
			}
			continue
		}
		switch percent {
		case 0:
			errorf("want %% before the category list")
			return nil, errs
		case 1:
			f := strings.Fields(text)
			if len(f) < 2 || !isNumber(f[0]) {
				errorf("want a category line: number, then name")
				continue
			}
			n := strings.TrimLeft(f[0], "0")
			if byNum[n] != nil {
				errorf("category number %s defined twice", f[0])
				continue
			}
			c := &imported{label: strings.Join(f[1:], " "), line: line}
			byNum[n] = c
			cats = append(cats, c)
		default:
			var word string
			var nums []string
			if i := strings.IndexByte(text, '\t'); i >= 0 {
				word, nums = text[:i], strings.Fields(text[i+1:])
			} else {
				f := strings.Fields(text)
				k := len(f)
				for k > 1 && isNumber(f[k-1]) {
					k--
				}
				word, nums = strings.Join(f[:k], " "), f[k:]
			}
			word = rejoin(word)
			ok := len(nums) > 0 && word != ""
			for _, n := range nums {
				ok = ok && isNumber(n)
			}
			if !ok {
				errorf("want a word and its category numbers (conditional entries are not supported)")
				continue
			}
			for _, n := range nums {
				c := byNum[strings.TrimLeft(n, "0")]
				if c == nil {
					errorf("word %q: category number %s is not in the header", word, n)
					continue
				}
				c.patterns = append(c.patterns, word)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if percent < 2 && len(errs) == 0 {
		errs = append(errs, &Error{File: name, Line: line, Msg: "the category list is not closed by a % line"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return build(name, cats)
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

var nonIDRE = regexp.MustCompile(`[^a-z0-9_]+`)

// idOf makes a codebook ID of a dictionary's category name.
func idOf(label string) string {
	id := strings.Trim(nonIDRE.ReplaceAllString(strings.ToLower(label), "_"), "_")
	if id == "" || !unicode.IsLetter(rune(id[0])) {
		id = "c_" + id
	}
	return id
}

// build makes a validated codebook of imported categories: empty ones dropped, patterns that
// are the same after folding kept once, kinds taken from the default's IDs when not given.
// Its Raw is the codebook's own YAML, so it can be saved, edited and loaded again.
func build(name string, cats []*imported) (*Codebook, error) {
	cb := &Codebook{Name: name, Version: 1}
	for _, c := range cats {
		c.id = idOf(c.label)
		var pats []string
		seen := map[patternKey]bool{}
		for _, p := range c.patterns {
			if k := keyOf(p); !seen[k] {
				seen[k] = true
				pats = append(pats, p)
			}
		}
		if len(pats) == 0 {
			continue
		}
		kind := c.kind
		if kind == "" {
			kind = knownIDs()[c.id]
		}
		en := ""
		if c.label != c.id {
			en = c.label
		}
		switch kind {
		case kindTarget:
			cb.Targets = append(cb.Targets, Target{ID: c.id, En: en, Aliases: pats})
		case KindRhetoric:
			cb.Rhetoric = append(cb.Rhetoric, Category{ID: c.id, En: en, Terms: pats, Kind: KindRhetoric})
		default:
			cb.Frames = append(cb.Frames, Category{ID: c.id, En: en, Terms: pats, Kind: KindFrame})
		}
	}
	if errs := cb.validate(name, nil); len(errs) > 0 {
		return nil, errs
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(cb); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	enc.Close()
	return Parse(buf.Bytes(), name)
}
