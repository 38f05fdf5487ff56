package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadSaved(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.yml":  "name: b\ndescription: second\nquery: frame:bubble\nfacets: [source]\n",
		"a.yaml": "name: a\ndescription: first\nquery: |\n  \"遥遥领先\"\n  OR 赢麻了\n",
		"x.txt":  "not a query",
	})
	got, err := LoadSaved(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "a" || got[1].Name != "b" {
		t.Fatalf("LoadSaved = %+v, want a then b", got)
	}
	if s := String(got[0].Tree); s != `"遥遥领先" OR 赢麻了` {
		t.Errorf("a's query = %s", s)
	}
	if len(got[1].Facets) != 1 || got[1].Facets[0] != "source" {
		t.Errorf("b's facets = %v", got[1].Facets)
	}
}

func TestLoadSavedErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unknown key", map[string]string{"a.yml": "name: a\nquery: x\nfacet: [source]\n"},
			[]string{"a.yml: yaml: unmarshal errors:\n  line 3: field facet not found"}},
		{"missing name", map[string]string{"a.yml": "query: x\n"}, []string{"a.yml: missing name"}},
		{"missing query", map[string]string{"a.yml": "name: a\n"}, []string{"a.yml: missing query"}},
		{"bad query, second line", map[string]string{"a.yml": "name: a\nquery: |\n  泡沫\n  OR (炒作\n"},
			[]string{"a.yml: query:2:4: unbalanced parenthesis: '(' without ')'"}},
		{"every file reported", map[string]string{"a.yml": "name: a\nquery: x)\n", "b.yml": "name: b\nquery: OR\n"},
			[]string{"a.yml: query:1:2: unbalanced", "b.yml: query:1:1: OR needs a query before it"}},
		{"duplicate name", map[string]string{"a.yml": "name: a\nquery: x\n", "b.yml": "name: a\nquery: y\n"},
			[]string{`b.yml: name "a" already used by`}},
		{"name with space", map[string]string{"a.yml": "name: a b\nquery: x\n"}, []string{`a.yml: name "a b": no spaces`}},
		{"empty folder", map[string]string{}, []string{"no *.yml file in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			_, err := LoadSaved(dir)
			if err == nil {
				t.Fatal("LoadSaved: no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("LoadSaved error\n%v\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

// TestShippedQueriesCompile checks that every query of queries/ parses and compiles against
// the default codebook; TestShippedQueries runs them on the sample corpus.
func TestShippedQueriesCompile(t *testing.T) {
	saved, err := LoadSaved("../../queries")
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) < 10 {
		t.Errorf("%d saved queries, want at least 10", len(saved))
	}
	s := schemaForTest(t)
	for _, sq := range saved {
		t.Run(sq.Name, func(t *testing.T) {
			if sq.Description == "" {
				t.Error("no description")
			}
			if _, err := s.Compile(sq.Query, sq.Tree); err != nil {
				t.Error(err)
			}
		})
	}
}
