// Package codebook defines huashu's codebook: the frames, rhetoric categories and stance
// targets that the tag and stance stages look for (contract: ../shared/CODEBOOK.md), read from
// YAML. The default codebook is embedded in the binary (default.yml, whose head comment tells
// how to write one's own); a user file replaces it.
//
// The YAML form:
//
//	name: huashu-default
//	version: 1
//	exclusions: [泡沫箱, 泡沫板]       # strings inside which no marker counts (any category)
//	frames:
//	  - id: bubble
//	    zh: 泡沫与资本
//	    en: Bubble and capital
//	    definition: hype as finance …
//	    terms: [泡沫, 炒作, 割韭菜, 资本, "*概念股"]
//	    exclude: [资本主义]             # exclusions for this category only
//	rhetoric:
//	  - id: triumphalism
//	    …
//	targets:
//	  - id: us_ai
//	    zh: 美国AI
//	    en: US AI
//	    aliases: [美国AI, Sora, OpenAI]
//
// # Matching
//
// A term is matched as a substring of the normalized text (simplified characters, full-width
// forms folded to half-width). Latin letters match case-insensitively: Sora, sora and ＳＯＲＡ
// are one pattern. A term whose first (last) character is a letter or digit of a script
// written with spaces (Latin, Greek, Cyrillic, digits; not Han, kana or Hangul) matches only
// where the text does not continue that word on that side: GPT4 does not match in GPT4o, nor
// Meta in Metaverse; Han edges need no boundary, as Chinese has no spaces.
//
// A '*' at the start or end of a term is a glob as in quanteda and LIWC, written in YAML
// between quotes ("*概念股"). It matches zero or more characters, as quanteda's glob does,
// and only letters and digits of space-separated scripts (never Han, nor punctuation or
// space), greedily: "*概念股" matches AI概念股 whole and the 概念股 of 算力概念股, since a star
// cannot cross Han characters without swallowing the clause; "GPU*" matches GPU, GPUs and
// the GPU of GPU集群; "*GPT" matches ChatGPT. A star also lifts the word-edge rule on its
// side. A '*' anywhere else is an error.
//
// # Exclusions
//
// An exclusion is a string that contains a term (泡沫箱 contains 泡沫): a match of the term
// that lies inside an occurrence of the exclusion in the text counts for nothing. Global
// exclusions apply to every term and alias; a category's exclude list applies to that
// category only, so the same match may count for one category and not another. A '#' in an
// exclusion stands for one digit (0-9; the text is normalized, so full-width digits are
// folded): 突破# keeps 突破 out of 销量突破70万辆 and leaves 技术突破 alone. Parse rejects
// an exclusion that contains no term of its scope (a typo) or equals one.
//
// # Interchange
//
// WriteQuanteda and ReadQuanteda convert to and from quanteda's YAML dictionary format;
// WriteLIWC and ReadLIWC to and from LIWC's .dic format. Exclusions have no place in either
// format and are dropped on export.
package codebook

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Kinds of category.
const (
	KindFrame    = "frame"
	KindRhetoric = "rhetoric"
)

// Codebook is a parsed, validated codebook. It is read-only after Load and safe for
// concurrent use. Build one with Parse, Load, Default or a Read function: a Codebook made by
// hand is not validated.
type Codebook struct {
	Name    string `yaml:"name"`
	Version int    `yaml:"version"`
	// Exclusions are strings inside which a match of any term is no marker.
	Exclusions []string   `yaml:"exclusions,omitempty"`
	Frames     []Category `yaml:"frames"`
	Rhetoric   []Category `yaml:"rhetoric"`
	Targets    []Target   `yaml:"targets"`

	// Source is the file the codebook came from ("" for the embedded default).
	Source string `yaml:"-"`
	// Hash is the hex SHA-256 of the YAML bytes it was parsed from.
	Hash string `yaml:"-"`
	// Raw is the YAML it was parsed from, kept so an index can store it.
	Raw []byte `yaml:"-"`
}

// Category is one frame or rhetoric category.
type Category struct {
	ID         string   `yaml:"id"`
	Zh         string   `yaml:"zh"`
	En         string   `yaml:"en"`
	Definition string   `yaml:"definition"`
	Terms      []string `yaml:"terms"`
	// Exclude lists strings inside which a match of this category's terms does not count.
	Exclude []string `yaml:"exclude,omitempty"`
	// Kind is KindFrame or KindRhetoric, set by Load.
	Kind string `yaml:"-"`
}

// Target is a stance target.
type Target struct {
	ID      string   `yaml:"id"`
	Zh      string   `yaml:"zh"`
	En      string   `yaml:"en"`
	Aliases []string `yaml:"aliases"`
}

//go:embed default.yml
var defaultYAML []byte

// defaultFile names the embedded default codebook in errors.
const defaultFile = "default.yml"

// Default returns the embedded default codebook. Each call parses it anew.
func Default() (*Codebook, error) {
	return Parse(defaultYAML, "")
}

// DefaultYAML returns a copy of the embedded default codebook's YAML, for a user to start
// their own from.
func DefaultYAML() []byte {
	return bytes.Clone(defaultYAML)
}

// Load reads and validates a codebook from a YAML file. Errors name the file and the line.
func Load(path string) (*Codebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("codebook: %w", err)
	}
	return Parse(data, path)
}

// Parse parses and validates a codebook from YAML bytes; source names the file ("" for the
// embedded default). A problem in the YAML or in the codebook is returned as an ErrorList
// whose errors read file:line:col: message, every problem reported, one per place.
func Parse(data []byte, source string) (*Codebook, error) {
	file := source
	if file == "" {
		file = defaultFile
	}
	var cb Codebook
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cb); err != nil {
		return nil, yamlErrors(file, err)
	}
	// The same bytes again as a node tree, to find the line of a value that fails validation.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors(file, err)
	}
	for i := range cb.Frames {
		cb.Frames[i].Kind = KindFrame
	}
	for i := range cb.Rhetoric {
		cb.Rhetoric[i].Kind = KindRhetoric
	}
	if errs := cb.validate(file, &root); len(errs) > 0 {
		return nil, errs
	}
	sum := sha256.Sum256(data)
	cb.Hash = hex.EncodeToString(sum[:])
	cb.Source = source
	cb.Raw = data
	return &cb, nil
}

// yamlLineRE finds the line in yaml's error messages ("yaml: line 3: …", "line 5: field …").
var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns an error of the YAML decoder into an ErrorList with lines.
func yamlErrors(file string, err error) ErrorList {
	if errors.Is(err, io.EOF) {
		return ErrorList{{File: file, Msg: "empty codebook"}}
	}
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var list ErrorList
	for _, m := range msgs {
		e := &Error{File: file, Msg: strings.TrimPrefix(m, "yaml: ")}
		if sub := yamlLineRE.FindStringSubmatch(m); sub != nil {
			e.Line, _ = strconv.Atoi(sub[1])
			e.Msg = sub[2]
		}
		list = append(list, e)
	}
	return list
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// validator collects the problems of one codebook with their places in the YAML.
type validator struct {
	file string
	root *yaml.Node
	errs ErrorList
}

// errorf records a problem at the node reached by path (map keys and sequence indexes from
// the document's top), or at the deepest node of path that exists.
func (v *validator) errorf(path []any, format string, args ...any) {
	line, col := nodeAt(v.root, path)
	v.errs = append(v.errs, &Error{File: v.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// nodeAt returns the line and column of the node reached by path, or of the deepest node on
// the way when the path leaves the tree; 0, 0 when root is nil.
func nodeAt(root *yaml.Node, path []any) (line, col int) {
	if root == nil {
		return 0, 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line, col = n.Line, n.Column
	for _, step := range path {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			break
		}
		n = next
		line, col = n.Line, n.Column
	}
	return line, col
}

func (cb *Codebook) validate(file string, root *yaml.Node) ErrorList {
	v := &validator{file: file, root: root}
	seen := map[string]bool{}
	checkID := func(path []any, kind, id string) {
		switch {
		case !idRE.MatchString(id):
			v.errorf(path, "%s id %q: want lower-case letters, digits and _, starting with a letter", kind, id)
		case seen[id]:
			v.errorf(path, "%s id %q: defined twice", kind, id)
		}
		seen[id] = true
	}
	// every folded term and alias text of the codebook, for the global exclusions
	var allTexts []string
	for _, sec := range []struct {
		key  string
		cats []Category
	}{{"frames", cb.Frames}, {"rhetoric", cb.Rhetoric}} {
		for i, c := range sec.cats {
			at := func(rest ...any) []any { return append([]any{sec.key, i}, rest...) }
			checkID(at("id"), c.Kind, c.ID)
			if len(c.Terms) == 0 {
				v.errorf(at("terms"), "%s %q: no terms", c.Kind, c.ID)
			}
			texts := v.checkPatterns(c.Terms, func(j int) []any { return at("terms", j) },
				fmt.Sprintf("%s %q: term", c.Kind, c.ID))
			allTexts = append(allTexts, texts...)
			v.checkExclusions(c.Exclude, texts, func(j int) []any { return at("exclude", j) },
				fmt.Sprintf("%s %q: exclusion", c.Kind, c.ID), "term of "+c.ID)
		}
	}
	for i, t := range cb.Targets {
		at := func(rest ...any) []any { return append([]any{"targets", i}, rest...) }
		checkID(at("id"), "target", t.ID)
		if len(t.Aliases) == 0 {
			v.errorf(at("aliases"), "target %q: no aliases", t.ID)
		}
		texts := v.checkPatterns(t.Aliases, func(j int) []any { return at("aliases", j) },
			fmt.Sprintf("target %q: alias", t.ID))
		allTexts = append(allTexts, texts...)
	}
	v.checkExclusions(cb.Exclusions, allTexts, func(j int) []any { return []any{"exclusions", j} },
		"global exclusion", "term or alias")
	return v.errs
}

// checkPatterns checks one category's terms (or one target's aliases) and returns their
// folded texts, stars removed.
func (v *validator) checkPatterns(pats []string, at func(int) []any, what string) []string {
	var texts []string
	first := map[patternKey]string{}
	for j, raw := range pats {
		if err := checkTerm(raw); err != nil {
			v.errorf(at(j), "%s %q: %v", what, raw, err)
			continue
		}
		k := keyOf(raw)
		if prev, ok := first[k]; ok {
			if prev == raw {
				v.errorf(at(j), "%s %q: listed twice", what, raw)
			} else {
				v.errorf(at(j), "%s %q: same pattern as %q (Latin letters match case-insensitively, full-width as half-width)", what, raw, prev)
			}
			continue
		}
		first[k] = raw
		texts = append(texts, k.text)
	}
	return texts
}

// checkExclusions checks that each exclusion contains one of texts and is longer than it,
// so that it can ever apply and excludes less than every match.
func (v *validator) checkExclusions(excl, texts []string, at func(int) []any, what, scope string) {
	seen := map[string]bool{}
	for j, ex := range excl {
		f := fold(ex)
		switch {
		case strings.TrimSpace(ex) == "":
			v.errorf(at(j), "%s: empty", what)
			continue
		case strings.Contains(ex, "*"):
			v.errorf(at(j), "%s %q: '*' has no meaning in an exclusion", what, ex)
			continue
		case seen[f]:
			v.errorf(at(j), "%s %q: listed twice", what, ex)
			continue
		}
		seen[f] = true
		contains, equal := false, ""
		for _, t := range texts {
			if f == t {
				equal = t
			} else if strings.Contains(f, t) {
				contains = true
			}
		}
		switch {
		case contains:
		case equal != "":
			v.errorf(at(j), "%s %q: equals a pattern and would exclude every match of it", what, ex)
		default:
			v.errorf(at(j), "%s %q: contains no %s, so it can never apply (a typo?)", what, ex, scope)
		}
	}
}

func checkTerm(t string) error {
	text := strings.TrimSuffix(strings.TrimPrefix(t, "*"), "*")
	switch {
	case text == "":
		return fmt.Errorf("empty pattern")
	case strings.Contains(text, "*"):
		return fmt.Errorf("'*' is allowed only at the start or end")
	case strings.TrimSpace(text) != text:
		return fmt.Errorf("leading or trailing space")
	case !utf8.ValidString(t):
		return fmt.Errorf("not valid UTF-8")
	}
	return nil
}

// Categories returns the frames then the rhetoric categories, in file order. The slice is
// new; the categories are shared.
func (cb *Codebook) Categories() []*Category {
	out := make([]*Category, 0, len(cb.Frames)+len(cb.Rhetoric))
	for i := range cb.Frames {
		out = append(out, &cb.Frames[i])
	}
	for i := range cb.Rhetoric {
		out = append(out, &cb.Rhetoric[i])
	}
	return out
}

// Target returns the target with the given id, or nil.
func (cb *Codebook) Target(id string) *Target {
	for i := range cb.Targets {
		if cb.Targets[i].ID == id {
			return &cb.Targets[i]
		}
	}
	return nil
}

// Category returns the category with the given id, or nil.
func (cb *Codebook) Category(id string) *Category {
	for _, c := range cb.Categories() {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// FrameIDs returns the frame IDs in codebook order.
func (cb *Codebook) FrameIDs() []string {
	ids := make([]string, len(cb.Frames))
	for i, f := range cb.Frames {
		ids[i] = f.ID
	}
	return ids
}

// RhetoricIDs returns the rhetoric category IDs in codebook order.
func (cb *Codebook) RhetoricIDs() []string {
	ids := make([]string, len(cb.Rhetoric))
	for i, r := range cb.Rhetoric {
		ids[i] = r.ID
	}
	return ids
}

// TargetIDs returns the target IDs in codebook order.
func (cb *Codebook) TargetIDs() []string {
	ids := make([]string, len(cb.Targets))
	for i, t := range cb.Targets {
		ids[i] = t.ID
	}
	return ids
}
