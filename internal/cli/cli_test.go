package cli

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		n    int
		q    bool
		rest []string
	}{
		{"flags first", []string{"-n", "5", "-q", "泡沫"}, 5, true, []string{"泡沫"}},
		{"flags after", []string{"泡沫", "-n", "5", "-q"}, 5, true, []string{"泡沫"}},
		{"flags between", []string{"a", "-n=7", "b", "--q", "c"}, 7, true, []string{"a", "b", "c"}},
		{"unknown dash words stay", []string{"frame:bubble", "-泡沫", "-n", "2"}, 2, false, []string{"frame:bubble", "-泡沫"}},
		{"stdin dash stays", []string{"-", "-q"}, 0, true, []string{"-"}},
		{"all after -- is arguments", []string{"-q", "--", "-n", "3"}, 0, true, []string{"-n", "3"}},
		{"nothing", nil, 0, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			n := fs.Int("n", 0, "")
			q := fs.Bool("q", false, "")
			rest, err := Parse(fs, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if *n != tc.n || *q != tc.q || strings.Join(rest, "|") != strings.Join(tc.rest, "|") {
				t.Errorf("n=%d q=%v rest=%q; want n=%d q=%v rest=%q", *n, *q, rest, tc.n, tc.q, tc.rest)
			}
		})
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int("n", 0, "")
	if _, err := Parse(fs, []string{"x", "-n", "many"}); err == nil {
		t.Error("a bad value after an argument gave no error")
	}
}
