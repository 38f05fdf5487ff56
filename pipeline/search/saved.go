package search

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Saved is a saved query, read from a YAML file of queries/:
//
//	name: bubble-us-ai
//	description: US AI framed as a financial bubble
//	query: frame:bubble stance.us_ai:against
//	facets: [source, year]
type Saved struct {
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description" json:"description"`
	Query       string   `yaml:"query" json:"query"`
	Facets      []string `yaml:"facets,omitempty" json:"facets,omitempty"`

	// File is the file it was read from.
	File string `yaml:"-" json:"file"`
	// Tree is the parsed query.
	Tree Node `yaml:"-" json:"-"`
}

// LoadSaved reads every *.yml and *.yaml file of dir (or the one file dir names), in name
// order, and parses their queries. Every mistake of every file is reported, each as
// file: message or file: query:line:col: message, joined in one error.
func LoadSaved(dir string) ([]*Saved, error) {
	files := []string{dir}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("saved queries: %w", err)
	} else if st.IsDir() {
		files = nil
		for _, pat := range []string{"*.yml", "*.yaml"} {
			m, err := filepath.Glob(filepath.Join(dir, pat))
			if err != nil {
				return nil, err
			}
			files = append(files, m...)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, fmt.Errorf("saved queries: no *.yml file in %s", dir)
		}
	}
	var out []*Saved
	var errs []error
	names := map[string]string{}
	for _, f := range files {
		s, err := ReadSaved(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, ok := names[s.Name]; ok {
			errs = append(errs, fmt.Errorf("%s: name %q already used by %s", f, s.Name, prev))
			continue
		}
		names[s.Name] = f
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// ReadSaved reads one saved query from a YAML file and parses its query; an unknown key is
// an error (a typo such as "facet:" must not be ignored).
func ReadSaved(file string) (*Saved, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var s Saved
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	s.File = file
	if s.Name == "" {
		return nil, fmt.Errorf("%s: missing name", file)
	}
	if strings.ContainsAny(s.Name, " \t\n,") {
		return nil, fmt.Errorf("%s: name %q: no spaces or commas, please (it heads a column)", file, s.Name)
	}
	if strings.TrimSpace(s.Query) == "" {
		return nil, fmt.Errorf("%s: missing query (use \"*\" for every document)", file)
	}
	s.Tree, err = Parse(s.Query)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &s, nil
}
