package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// sample is the material the generator recombines, read from the sample corpus. Every list is
// in a fixed order (files sorted by name, records in file order) so that one seed always
// gives the same output.
type sample struct {
	paragraphs []string // essay paragraphs without headings, trimmed
	headings   []string // essay headings without the leading #s
	posts      []string // Weibo texts and forum texts
	titles     []string // essay and forum titles
	authors    []string // distinct authors of all three files
	sources    []string // distinct sources of all three files
	tags       []string // distinct essay tags
}

// essayMeta is the front matter of a sample essay.
type essayMeta struct {
	Title  string   `yaml:"title"`
	Author string   `yaml:"author"`
	Source string   `yaml:"source"`
	Date   string   `yaml:"date"`
	Tags   []string `yaml:"tags"`
	URL    string   `yaml:"url"`
}

// weiboPost is one line of weibo.jsonl.
type weiboPost struct {
	ID     string `json:"id"`
	Author string `json:"author"`
	Date   string `json:"date"`
	Source string `json:"source"`
	Text   string `json:"text"`
	Likes  int    `json:"likes"`
}

// forumHeader is the header row forum.csv must have.
var forumHeader = []string{"id", "author", "date", "source", "title", "text"}

// loadSample reads the sample corpus under dir. Errors name the file and, where there is one,
// the line (1-based).
func loadSample(dir string) (*sample, error) {
	s := &sample{}
	seen := map[string]bool{}
	addOnce := func(list *[]string, kind, v string) {
		v = strings.TrimSpace(v)
		if v == "" || seen[kind+"\x00"+v] {
			return
		}
		seen[kind+"\x00"+v] = true
		*list = append(*list, v)
	}

	essays, err := filepath.Glob(filepath.Join(dir, "essays", "*.md"))
	if err != nil {
		return nil, fmt.Errorf("sample corpus: %w", err)
	}
	sort.Strings(essays)
	for _, path := range essays {
		meta, body, err := readEssay(path)
		if err != nil {
			return nil, err
		}
		addOnce(&s.titles, "title", meta.Title)
		addOnce(&s.authors, "author", meta.Author)
		addOnce(&s.sources, "source", meta.Source)
		for _, t := range meta.Tags {
			addOnce(&s.tags, "tag", t)
		}
		for _, p := range splitParagraphs(body) {
			if h, ok := strings.CutPrefix(p, "#"); ok {
				s.headings = append(s.headings, strings.TrimSpace(strings.TrimLeft(h, "#")))
				continue
			}
			s.paragraphs = append(s.paragraphs, p)
		}
	}
	if len(s.paragraphs) == 0 {
		return nil, fmt.Errorf("sample corpus %s: no essay paragraphs in essays/*.md", dir)
	}

	posts, err := readWeibo(filepath.Join(dir, "weibo.jsonl"))
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		s.posts = append(s.posts, p.Text)
		addOnce(&s.authors, "author", p.Author)
		addOnce(&s.sources, "source", p.Source)
	}

	rows, err := readForum(filepath.Join(dir, "forum.csv"))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		s.posts = append(s.posts, r[5])
		addOnce(&s.titles, "title", r[4])
		addOnce(&s.authors, "author", r[1])
		addOnce(&s.sources, "source", r[3])
	}
	return s, nil
}

// readEssay reads one Markdown essay and splits off its YAML front matter.
func readEssay(path string) (essayMeta, string, error) {
	var meta essayMeta
	data, err := os.ReadFile(path)
	if err != nil {
		return meta, "", err
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	front, body, ok := splitFrontMatter(text)
	if !ok {
		return meta, "", fmt.Errorf("%s:1:1: no front matter (want a first line \"---\" and a closing \"---\")", path)
	}
	if err := yaml.Unmarshal([]byte(front), &meta); err != nil {
		// yaml's messages say "line N" counting from the front matter's first line, which is
		// line 2 of the file.
		return meta, "", fmt.Errorf("%s: front matter (from line 2): %w", path, err)
	}
	if meta.Title == "" || meta.Author == "" || meta.Source == "" || meta.Date == "" {
		return meta, "", fmt.Errorf("%s:2:1: front matter lacks one of title, author, source, date", path)
	}
	return meta, body, nil
}

// splitFrontMatter splits "---\n<yaml>\n---\n<body>" into its YAML and body.
func splitFrontMatter(text string) (front, body string, ok bool) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return "", "", false
	}
	if strings.HasPrefix(rest, "---\n") {
		return "", rest[len("---\n"):], true
	}
	i := strings.Index(rest, "\n---\n")
	if i < 0 {
		if front, ok := strings.CutSuffix(rest, "\n---"); ok {
			return front, "", true
		}
		return "", "", false
	}
	return rest[:i+1], rest[i+len("\n---\n"):], true
}

// splitParagraphs splits a Markdown body at blank lines and trims each paragraph.
func splitParagraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// readWeibo reads weibo.jsonl: one JSON object a line, blank lines skipped.
func readWeibo(path string) ([]weiboPost, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var posts []weiboPost
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var p weiboPost
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if p.Text == "" {
			return nil, fmt.Errorf("%s:%d: post %q has no text", path, line, p.ID)
		}
		posts = append(posts, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return posts, nil
}

// readForum reads forum.csv and checks its header; each row has the fields of forumHeader.
func readForum(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(forumHeader)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	if strings.Join(header, ",") != strings.Join(forumHeader, ",") {
		return nil, fmt.Errorf("%s:1:1: header %q, want %q", path, header, forumHeader)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			// csv.ParseError carries the line and column.
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, rec)
	}
}
