// Package cli holds what huashu's commands share in reading their command line.
package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Parse parses args with fs, letting flags stand before or after the other arguments
// (annotate corpora/ -pretty, search 泡沫 -n 5), as people type them; the flag package alone
// stops at the first argument that is not a flag. An argument counts as a flag only when it
// names a flag of fs (-name, --name, -name=value), so "-" (standard input) and a query's
// "-word" (NOT word) stay arguments; everything after "--" is arguments. It returns the
// arguments in order.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var literal, rest []string
	for i, a := range args {
		if a == "--" {
			args, literal = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		for len(args) > 0 && !namesFlag(fs, args[0]) {
			rest = append(rest, args[0])
			args = args[1:]
		}
		if len(args) == 0 {
			return append(rest, literal...), nil
		}
	}
}

// namesFlag reports whether arg is -name, --name or -name=value for a flag of fs.
func namesFlag(fs *flag.FlagSet, arg string) bool {
	if !strings.HasPrefix(arg, "-") {
		return false
	}
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	if i := strings.IndexByte(name, '='); i >= 0 {
		name = name[:i]
	}
	return name != "" && fs.Lookup(name) != nil
}

// Rate describes a run's throughput for its summary line: "0.17 MB in 0.13 s (1.31 MB/s)".
// Amounts under 10 get two decimals, under 100 one, others none, so that a short run's
// figures agree with the rate printed beside them. A run shorter than minTimed gets no rate:
// over a few milliseconds it measures the clock and the scheduler, not the work (one
// sentence read "0.18 MB/s").
func Rate(mb, secs float64) string {
	if secs < minTimed {
		return fmt.Sprintf("%s MB in %s s", amount(mb), amount(secs))
	}
	return fmt.Sprintf("%s MB in %s s (%.2f MB/s)", amount(mb), amount(secs), mb/secs)
}

// minTimed is the shortest run, in seconds, whose rate Rate prints.
const minTimed = 0.05

func amount(x float64) string {
	switch {
	case x < 0.005:
		return "<0.01"
	case x < 10:
		return strconv.FormatFloat(x, 'f', 2, 64)
	case x < 100:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}
