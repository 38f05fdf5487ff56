package ingest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/huashu/huashu/pipeline/diag"
)

// frontMatter splits a Markdown text into its YAML front matter and its body. The front
// matter opens with a first line "---" and closes with a line "---" or "..."; the body is
// everything after the closing line. ok is false when the text has no front matter;
// unclosed is true when it opens one that never closes (the whole text is then the body).
func frontMatter(text string) (yamlText, body string, ok, unclosed bool) {
	first, _, found := strings.Cut(text, "\n")
	if !found || strings.TrimRight(first, " \t\r") != "---" {
		return "", text, false, false
	}
	start := len(first) + 1
	for pos := start; pos < len(text); {
		line, _, more := strings.Cut(text[pos:], "\n")
		next := pos + len(line)
		if more {
			next++
		}
		if l := strings.TrimRight(line, " \t\r"); l == "---" || l == "..." {
			return text[start:pos], text[next:], true, false
		}
		pos = next
	}
	return "", text, false, true
}

// yamlLineRE finds the line number in a yaml.v3 error message.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser, as opposed to its scanner.
// yaml.v3 numbers lines from 1 in scanner errors but from 0 in parser errors, and leaves
// out a line that is 0 in either.
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlErrorLine returns the line of a yaml.v3 error message in a front matter that starts
// on line 2 of its file, and the message without "yaml: line N: ".
func yamlErrorLine(msg string) (int, string) {
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 2, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	if yamlParserProblems[m[2]] {
		n++
	}
	return n + 1, m[2]
}

// applyFrontMatter parses the YAML of a front matter that starts on line 2 of its file
// and sets its keys on f. It returns a warning for YAML that does not parse (the keys
// are then lost) or that is not a mapping, else nil. dateLine receives the file line of
// the date key, for a warning about the date.
func applyFrontMatter(src string, f *fields) (warn *diag.Diagnostic, dateLine int) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		line, msg := yamlErrorLine(err.Error())
		return &diag.Diagnostic{Line: line, Kind: diag.KindFrontMat,
			Reason: "invalid YAML front matter, metadata ignored: " + msg}, 0
	}
	if len(doc.Content) == 0 {
		return nil, 0 // empty front matter
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return &diag.Diagnostic{Line: root.Line + 1, Kind: diag.KindFrontMat,
			Reason: "front matter is not a YAML mapping of keys to values, metadata ignored"}, 0
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := resolve(root.Content[i]), resolve(root.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if strings.EqualFold(k.Value, "date") && dateLine == 0 {
			dateLine = v.Line + 1
		}
		value, items, ok := yamlValue(v)
		if ok {
			f.set(k.Value, value, items)
		}
	}
	return nil, dateLine
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// yamlValue renders a YAML value as a string: a scalar as written, a sequence of scalars
// as its items joined by ", " (items holds them), other sequences and mappings as compact
// JSON. ok is false for null.
func yamlValue(n *yaml.Node) (value string, items []string, ok bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil, false
		}
		return n.Value, nil, true
	case yaml.SequenceNode:
		items = make([]string, 0, len(n.Content))
		scalars := true
		for _, c := range n.Content {
			c = resolve(c)
			if c.Kind != yaml.ScalarNode {
				scalars = false
				break
			}
			if s, _, ok := yamlValue(c); ok {
				items = append(items, s)
			}
		}
		if scalars {
			return strings.Join(items, ", "), items, true
		}
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return "", nil, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v), nil, true // a mapping with non-string keys
	}
	return string(b), nil, true
}
