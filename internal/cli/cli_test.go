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

func TestRate(t *testing.T) {
	for _, c := range []struct {
		mb, secs float64
		want     string
	}{
		{0.17, 0.13, "0.17 MB in 0.13 s (1.31 MB/s)"},
		{22.9, 2.84, "22.9 MB in 2.84 s (8.06 MB/s)"},
		{93.4, 36.2, "93.4 MB in 36.2 s (2.58 MB/s)"},
		{1234.5, 512.3, "1234 MB in 512 s (2.41 MB/s)"},
		{0.01, 0.05, "0.01 MB in 0.05 s (0.20 MB/s)"},
		// Too short to time: no rate.
		{0.01, 0.049, "0.01 MB in 0.05 s"},
		{0, 0, "<0.01 MB in <0.01 s"},
		{0.0000744, 0.00028, "<0.01 MB in <0.01 s"},
	} {
		if got := Rate(c.mb, c.secs); got != c.want {
			t.Errorf("Rate(%v, %v) = %q, want %q", c.mb, c.secs, got, c.want)
		}
	}
}
