package index

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// offsets matches the byte offsets of a token written as term@start-end#position.
var offsets = regexp.MustCompile(`@\d+-\d+`)

// TestExactTokens compares the exact field's tokens, offsets and positions, at query time
// (the registered ExactAnalyzer) and at index time (exactTerms), which must agree on terms
// and positions; the index keeps no offsets for this field.
func TestExactTokens(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     string // term@start-end#position …
	}{
		{"han", "泡沫", "泡@0-3#1 沫@3-6#2"},
		{"latin folded", "Ｓo", "s@0-3#1 o@3-4#2"},
		{"space keeps its position", "AI 泡沫", "a@0-1#1 i@1-2#2 泡@3-6#4 沫@6-9#5"},
		{"line break", "甲\n乙", "甲@0-3#1 乙@4-7#3"},
		{"repeated", "哈哈哈", "哈@0-3#1 哈@3-6#2 哈@6-9#3"},
		{"invalid byte", "a\xffb", "a@0-1#1 \uFFFD@1-2#2 b@2-3#3"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for i, tok := range (exactAnalyzer{}).Analyze([]byte(tc.in)) {
				if i > 0 {
					got += " "
				}
				got += fmt.Sprintf("%s@%d-%d#%d", tok.Term, tok.Start, tok.End, tok.Position)
			}
			if got != tc.want {
				t.Errorf("analyzer: got %q, want %q", got, tc.want)
			}
			got = ""
			for i, tm := range exactTerms([]byte(tc.in)) {
				if i > 0 {
					got += " "
				}
				got += fmt.Sprintf("%s@%d-%d#%d", tm.text, tm.start, tm.end, tm.pos)
			}
			if want := offsets.ReplaceAllString(tc.want, "@0-0"); got != want {
				t.Errorf("index terms: got %q, want %q", got, want)
			}
		})
	}
}

// TestFrequencies checks the term frequencies built for bleve: counts, and locations in
// text order for each term.
func TestFrequencies(t *testing.T) {
	var ts []term // the characters of 哈哈，好哈 with their byte offsets
	for _, tok := range (exactAnalyzer{}).Analyze([]byte("哈哈，好哈")) {
		ts = append(ts, term{text: string(tok.Term), start: tok.Start, end: tok.End, pos: tok.Position})
	}
	for _, vectors := range []bool{true, false} {
		t.Run(fmt.Sprint("vectors ", vectors), func(t *testing.T) {
			f := frequencies(ts, vectors)
			if len(f) != 3 {
				t.Fatalf("%d terms, want 3", len(f))
			}
			ha := f["哈"]
			if ha.Frequency() != 3 || string(ha.Term) != "哈" {
				t.Fatalf("哈: frequency %d term %q", ha.Frequency(), ha.Term)
			}
			if !vectors {
				if len(ha.Locations) != 0 {
					t.Errorf("locations without term vectors")
				}
				return
			}
			var got string
			for _, l := range ha.Locations {
				got += fmt.Sprintf("%d-%d#%d ", l.Start, l.End, l.Position)
			}
			if want := "0-3#1 3-6#2 12-15#5 "; got != want {
				t.Errorf("哈 locations %q, want %q", got, want)
			}
			if f[","].Frequency() != 1 || f["好"].Locations[0].Position != 4 {
				t.Errorf(", or 好 wrong")
			}
		})
	}
}

// TestExactFrequencies checks that the one-pass term frequencies of the exact field are
// those of its terms (exactTerms, which TestExactTokens checks against the query
// analyzer): every essay of the sample and shared corpora, and texts with white space,
// full-width forms, invalid bytes and characters beyond U+FFFF.
func TestExactFrequencies(t *testing.T) {
	texts := []string{
		"", " ", "遥遥领先", "OpenAI 与 ＯｐｅｎＡＩ，GPT-4o！", "a\xffb\xfe\xfe c", "𠀀𠀁 𠀀 😀AI😀",
		"全角　空格\t和\n换行", strings.Repeat("泡沫", 3000),
	}
	for _, d := range corpusDocs(t) {
		texts = append(texts, d.Text)
	}
	for i, text := range texts {
		want := frequencies(exactTerms([]byte(text)), true)
		got, n := exactFrequencies([]byte(text))
		if wantN := len(exactTerms([]byte(text))); n != wantN {
			t.Fatalf("text %d: %d terms, want %d", i, n, wantN)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("text %d (%.40q): the frequencies differ from those of exactTerms", i, text)
		}
	}
	t.Logf("%d texts", len(texts))
}

// exactTerms returns the terms of FieldExact for text, one at a time: the reference that
// exactFrequencies, which the index uses, is tested against. One term per character but
// white space, folded by FoldExact, at the character's position (from 1; white space keeps
// its position). Their byte offsets are left at 0: a phrase query reads positions only and
// KWIC finds phrases in the text, and without them the index is 7 % smaller (designbench on
// 5,000 essays: 200 → 185 MB).
func exactTerms(text []byte) []term {
	out := make([]term, 0, utf8.RuneCount(text))
	seen := make(map[rune]string, 512)
	pos := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		pos++
		if !unicode.IsSpace(r) {
			r = FoldExact(r)
			s, ok := seen[r]
			if !ok {
				s = string(r)
				seen[r] = s
			}
			out = append(out, term{text: s, pos: pos})
		}
		i += size
	}
	return out
}
