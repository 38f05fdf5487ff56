// Package codebook defines huashu's codebook: the frames, rhetoric categories and stance
// targets that the tag and stance stages look for (contract: ../shared/CODEBOOK.md), read from
// YAML. The default codebook is embedded in the binary; a user file replaces it.
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
//	    terms: [泡沫, 炒作, 割韭菜, "*概念股"]
//	    exclude: [法国大革命]           # exclusions for this category only
//	rhetoric:
//	  - id: triumphalism
//	    …
//	targets:
//	  - id: us_ai
//	    zh: 美国AI
//	    en: US AI
//	    aliases: [美国AI, Sora, OpenAI]
//
// A term is matched as a substring of the normalized text (simplified, full-width folded);
// Latin letters match case-insensitively. A `*` at either end of a term is a glob as in
// quanteda: it stands for any run of letters or Han characters that continues the word.
package codebook

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// Kinds of category.
const (
	KindFrame    = "frame"
	KindRhetoric = "rhetoric"
)

// Codebook is a parsed, validated codebook. It is read-only after Load and safe for
// concurrent use.
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

// Default returns the embedded default codebook.
func Default() (*Codebook, error) {
	return Parse(defaultYAML, "")
}

// Load reads and validates a codebook from a YAML file.
func Load(path string) (*Codebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("codebook: %w", err)
	}
	return Parse(data, path)
}

// Parse parses and validates a codebook from YAML bytes; source names it in errors.
func Parse(data []byte, source string) (*Codebook, error) {
	name := source
	if name == "" {
		name = "default codebook"
	}
	var cb Codebook
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cb); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range cb.Frames {
		cb.Frames[i].Kind = KindFrame
	}
	for i := range cb.Rhetoric {
		cb.Rhetoric[i].Kind = KindRhetoric
	}
	if err := cb.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	cb.Hash = hex.EncodeToString(sum[:])
	cb.Source = source
	cb.Raw = data
	return &cb, nil
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (cb *Codebook) validate() error {
	seen := map[string]bool{}
	check := func(kind, id string) error {
		if !idRE.MatchString(id) {
			return fmt.Errorf("%s id %q: want lower-case letters, digits and _", kind, id)
		}
		if seen[id] {
			return fmt.Errorf("%s id %q: defined twice", kind, id)
		}
		seen[id] = true
		return nil
	}
	for _, c := range cb.Categories() {
		if err := check(c.Kind, c.ID); err != nil {
			return err
		}
		if len(c.Terms) == 0 {
			return fmt.Errorf("%s %q: no terms", c.Kind, c.ID)
		}
		for _, t := range c.Terms {
			if err := checkTerm(t); err != nil {
				return fmt.Errorf("%s %q: term %q: %w", c.Kind, c.ID, t, err)
			}
		}
	}
	for _, t := range cb.Targets {
		if err := check("target", t.ID); err != nil {
			return err
		}
		if len(t.Aliases) == 0 {
			return fmt.Errorf("target %q: no aliases", t.ID)
		}
	}
	return nil
}

func checkTerm(t string) error {
	if t == "" || t == "*" {
		return fmt.Errorf("empty pattern")
	}
	for i, r := range []rune(t) {
		if r == '*' && i != 0 && i != len([]rune(t))-1 {
			return fmt.Errorf("'*' is allowed only at the start or end")
		}
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
