package search

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// tree prints a syntax tree with kinds and byte spans, for exact comparison.
func tree(n Node) string {
	var b strings.Builder
	var walk func(Node)
	list := func(name string, args []Node, s, e int) {
		fmt.Fprintf(&b, "%s@%d-%d(", name, s, e)
		for i, a := range args {
			if i > 0 {
				b.WriteString(" ")
			}
			walk(a)
		}
		b.WriteString(")")
	}
	walk = func(n Node) {
		switch n := n.(type) {
		case *MatchAll:
			fmt.Fprintf(&b, "all@%d-%d", n.Start, n.End)
		case *And:
			list("and", n.Args, n.Start, n.End)
		case *Or:
			list("or", n.Args, n.Start, n.End)
		case *Not:
			fmt.Fprintf(&b, "not@%d-%d(", n.Start, n.End)
			walk(n.Arg)
			b.WriteString(")")
		case *Clause:
			if n.Field != "" {
				fmt.Fprintf(&b, "%s@%d:", n.Field, n.FieldStart)
			}
			fmt.Fprintf(&b, "%s%s%q@%d", n.Kind, n.Op, n.Value, n.ValueStart)
			if n.Boost > 0 {
				fmt.Fprintf(&b, "^%g", n.Boost)
			}
			if n.Fuzziness > 0 {
				fmt.Fprintf(&b, "~%d", n.Fuzziness)
			}
			fmt.Fprintf(&b, "[%d-%d]", n.Start, n.End)
		}
	}
	walk(n)
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, query, want string
	}{
		{"empty", "", `all@0-0`},
		{"spaces", "  \u3000 ", `all@0-6`},
		{"star", "*", `all@0-1`},
		{"word", "泡沫", `word"泡沫"@0[0-6]`},
		{"phrase", `"遥遥领先"`, `phrase"遥遥领先"@0[0-14]`},
		{"phrase with curly quotes inside", `"“遥遥领先”"`, `phrase"“遥遥领先”"@0[0-20]`},
		{"phrase escapes", `"a\"b\\c"`, `phrase"a\"b\\c"@0[0-9]`},
		{"implicit and", "泡沫 炒作", `and@0-13(word"泡沫"@0[0-6] word"炒作"@7[7-13])`},
		{"explicit and", "泡沫 AND 炒作", `and@0-17(word"泡沫"@0[0-6] word"炒作"@11[11-17])`},
		{"or", "泡沫 OR 炒作", `or@0-16(word"泡沫"@0[0-6] word"炒作"@10[10-16])`},
		{"and binds tighter than or", "a b OR c", `or@0-8(and@0-3(word"a"@0[0-1] word"b"@2[2-3]) word"c"@7[7-8])`},
		{"not binds tighter than and", "NOT a b", `and@0-7(not@0-5(word"a"@4[4-5]) word"b"@6[6-7])`},
		{"minus", "-frame:bubble", `not@0-13(frame@1:word"bubble"@7[1-13])`},
		{"plus", "+frame:bubble", `frame@1:word"bubble"@7[1-13]`},
		{"minus group", "-(a OR b)", `not@0-9(or@1-9(word"a"@2[2-3] word"b"@7[7-8]))`},
		{"minus phrase", `-"泡沫"`, `not@0-9(phrase"泡沫"@1[1-9])`},
		{"double not", "NOT NOT a", `not@0-9(not@4-9(word"a"@8[8-9]))`},
		{"parentheses", "frame:bubble (泡沫 OR 炒作)", `and@0-31(frame@0:word"bubble"@6[0-12] or@13-31(word"泡沫"@14[14-20] word"炒作"@24[24-30]))`},
		{"nested parentheses", "((a))", `word"a"@2[2-3]`},
		{"field group", "frame:(bubble OR hype)", `or@0-22(frame@0:word"bubble"@7[7-13] frame@0:word"hype"@17[17-21])`},
		{"dotted field", "stance.us_ai:against", `stance.us_ai@0:word"against"@13[0-20]`},
		{"numeric range", "frame.bubble:>2", `frame.bubble@0:range>"2"@14[0-15]`},
		{"range ge", "frame.bubble:>=2.5", `frame.bubble@0:range>="2.5"@15[0-18]`},
		{"range lt negative", "stance.us_ai:<-0.3", `stance.us_ai@0:range<"-0.3"@14[0-18]`},
		{"range le", "chars:<=3000", `chars@0:range<="3000"@8[0-12]`},
		{"range eq", "tokens:=5", `tokens@0:range="5"@8[0-9]`},
		{"date quoted", `date:>="2024-02-01"`, `date@0:range>="2024-02-01"@7[0-19]`},
		{"date bare", `date:>=2024-02-01`, `date@0:range>="2024-02-01"@7[0-17]`},
		{"month", `date:2024-02`, `date@0:word"2024-02"@5[0-12]`},
		{"colon in value", `url:https://a.cn/x`, `url@0:word"https://a.cn/x"@4[0-18]`},
		{"field phrase", `source:"潮汐 评论"`, `source@0:phrase"潮汐 评论"@7[0-22]`},
		{"wildcard", "概念*", `wildcard"概念*"@0[0-7]`},
		{"escaped star", `概念\*`, `word"概念*"@0[0-8]`},
		{"regexp", `/泡沫.*/`, `regexp"泡沫.*"@0[0-10]`},
		{"regexp with parentheses and spaces", `title:/(a|b) c/`, `title@0:regexp"(a|b) c"@6[0-15]`},
		{"slash word", `a/b`, `word"a/b"@0[0-3]`},
		{"boost", "泡沫^2", `word"泡沫"@0^2[0-8]`},
		{"fuzzy", "bubble~", `word"bubble"@0~1[0-7]`},
		{"fuzzy and boost", "bubble~2^3", `word"bubble"@0^3~2[0-10]`},
		{"escaped colon", `a\:b`, `word"a:b"@0[0-4]`},
		{"hyphen inside word", "GPT-4", `word"GPT-4"@0[0-5]`},
		{"lower-case or is a word", "a or b", `and@0-6(word"a"@0[0-1] word"or"@2[2-4] word"b"@5[5-6])`},
		{"keyword prefix is a word", "ORACLE", `word"ORACLE"@0[0-6]`},
		{"escaped keyword", `\OR`, `word"OR"@0[0-3]`},
		{"or before parenthesis", "a OR(b)", `or@0-6(word"a"@0[0-1] word"b"@5[5-6])`},
		{"marker neg", "marker.neg:泡沫", `marker.neg@0:word"泡沫"@11[0-17]`},
		{"field star", "frame:*", `frame@0:wildcard"*"@6[0-7]`},
		{"newline", "a\nOR b", `or@0-6(word"a"@0[0-1] word"b"@5[5-6])`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.query, err)
			}
			if got := tree(n); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, query, want string
	}{
		{"unclosed parenthesis", "frame:bubble (泡沫 OR 炒作", "query:1:14: unbalanced parenthesis: '(' without ')'"},
		{"unopened parenthesis", "泡沫 OR 炒作)", "query:1:9: unbalanced parenthesis: ')' without '('"},
		{"unopened parenthesis first", ")", "query:1:1: unbalanced parenthesis: ')' without '('"},
		{"unclosed nested", "(a (b)", "query:1:1: unbalanced parenthesis: '(' without ')'"},
		{"empty parentheses", "a ()", "query:1:3: empty parentheses"},
		{"unterminated quote", `泡沫 "遥遥领先`, "query:1:4: unterminated quote"},
		{"or first", "OR a", "query:1:1: OR needs a query before it"},
		{"or last", "a OR", "query:1:3: OR needs a query after it"},
		{"or or", "a OR OR b", "query:1:3: OR needs a query after it"},
		{"or before parenthesis close", "(a OR )", "query:1:4: OR needs a query after it"},
		{"and first", "AND a", "query:1:1: AND needs a query before it"},
		{"and last", "a AND", "query:1:3: AND needs a query after it"},
		{"and or", "a AND OR b", "query:1:3: AND needs a query after it"},
		{"not last", "a NOT", "query:1:3: NOT needs a query after it"},
		{"not before or", "NOT OR a", "query:1:1: NOT needs a query after it"},
		{"lone minus", "a - b", "query:1:3: - needs a query right after it, with no space"},
		{"minus at end", "a -", "query:1:3: - needs a query right after it, with no space"},
		{"missing value", "frame: bubble", "query:1:1: missing value after frame:"},
		{"missing value at end", "泡沫 frame:", "query:1:4: missing value after frame:"},
		{"missing field", ":bubble", "query:1:1: missing field name before ':'"},
		{"missing range value", "frame.bubble:> 2", "query:1:14: missing value after >"},
		{"field in field group", "frame:(bubble OR rhetoric:hype)", "query:1:18: field rhetoric: inside frame:(…); a group's field applies to every clause in it"},
		{"bad boost", "a^x", "query:1:3: invalid boost \"x\": want a positive number"},
		{"empty boost", "a^ b", "query:1:2: missing boost after ^"},
		{"bad fuzziness", "a~9", "query:1:3: invalid fuzziness \"9\": want 0, 1 or 2"},
		{"fuzzy phrase", `"ab"~1`, "query:1:5: ~ (fuzzy) applies to a word only"},
		{"boost twice", "a^2^3", "query:1:4: ^ given twice"},
		{"lone caret", "^2", "query:1:1: ^ needs a word before it"},
		{"trailing backslash", `a\`, "query:1:2: '\\' at the end of the query escapes nothing"},
		{"trailing backslash in phrase", `"a\`, "query:1:3: '\\' at the end of the query escapes nothing"},
		{"second line", "a\n  (b", "query:2:3: unbalanced parenthesis: '(' without ')'"},
		{"column counts characters", "人工智能 )", "query:1:6: unbalanced parenthesis: ')' without '('"},
		{"invalid utf-8", "泡沫 \xff", "query:1:4: invalid UTF-8 byte 0xff"},
		{"too deep", strings.Repeat("(", 300) + "a" + strings.Repeat(")", 300), "query:1:201: query nested too deeply (more than 200 levels)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.query)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want error %q", tt.query, tree(n), tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse(%q)\n got error %s\nwant error %s", tt.query, err, tt.want)
			}
		})
	}
}

func TestStringRoundTrip(t *testing.T) {
	tests := []struct{ query, want string }{
		{"a b OR c", "(a AND b) OR c"},
		{"frame:(bubble OR hype) -marker.neg:泡沫", "(frame:bubble OR frame:hype) AND NOT marker.neg:泡沫"},
		{`date:>=2024-02-01 "遥遥 领先"^2`, `date:>="2024-02-01" AND "遥遥 领先"^2`},
		{`url:https://a.cn/x`, `url:https://a.cn/x`},
		{`\OR \-x a\ b`, `\OR AND \-x AND a\ b`},
		{`/a(b)c/ 概念*`, `/a(b)c/ AND 概念*`},
		{"", "*"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			n, err := Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := String(n)
			if got != tt.want {
				t.Errorf("String(Parse(%q)) = %s, want %s", tt.query, got, tt.want)
			}
			checkRoundTrip(t, tt.query, n)
		})
	}
}

// checkRoundTrip checks that the canonical form parses to the same canonical form.
func checkRoundTrip(t *testing.T, query string, n Node) {
	t.Helper()
	s := String(n)
	n2, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(String(Parse(%q))) = Parse(%q): %v", query, s, err)
	}
	if s2 := String(n2); s2 != s {
		t.Fatalf("canonical form not stable for %q: %q then %q", query, s, s2)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "*", `frame:bubble (泡沫 OR 炒作)`, `"遥遥领先" -marker.neg:泡沫`, `date:>="2024-02-01"`,
		`stance.us_ai:<-0.3^2`, `frame:(bubble OR hype)`, `NOT NOT a`, `/a(b)/ 概念*`, `a\:b~1`,
		"(((", ")", `"\`, "a OR", "url:https://x.cn/?a=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("Parse(%q): error of type %T", q, err)
			}
			if e.Offset < 0 || e.Offset > len(q) {
				t.Fatalf("Parse(%q): error offset %d outside the query", q, e.Offset)
			}
			if utf8.ValidString(q) && e.Offset < len(q) && !utf8.RuneStart(q[e.Offset]) {
				t.Fatalf("Parse(%q): error offset %d inside a character", q, e.Offset)
			}
			return
		}
		checkSpans(t, q, n)
		checkRoundTrip(t, q, n)
	})
}

// checkSpans checks that every node's span lies inside the query and inside its parent's.
func checkSpans(t *testing.T, q string, n Node) {
	t.Helper()
	var walk func(n Node, lo, hi int)
	walk = func(n Node, lo, hi int) {
		s, e := n.Span()
		if s < lo || e > hi || s > e {
			t.Fatalf("Parse(%q): span %d-%d of %s outside %d-%d", q, s, e, tree(n), lo, hi)
		}
		switch n := n.(type) {
		case *And:
			for _, a := range n.Args {
				walk(a, s, e)
			}
		case *Or:
			for _, a := range n.Args {
				walk(a, s, e)
			}
		case *Not:
			walk(n.Arg, s, e)
		case *Clause:
			if n.ValueStart < s || n.ValueStart > e {
				t.Fatalf("Parse(%q): value offset %d outside %d-%d", q, n.ValueStart, s, e)
			}
		}
	}
	walk(n, 0, len(q))
}
