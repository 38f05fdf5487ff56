// Command searchlat measures the latency of search in process: it runs a fixed set of
// varied queries (words, phrases, annotation filters, ranges, facets, OR groups, passages)
// many times over one index and prints the median and 99th percentile per query and over
// all of them. Each run is what `cmd/search` does for one query: parse, compile, search,
// stored fields, KWIC lines and facets, output aside.
//
//	go run ./bench/gen -docs 20000 -out /tmp/gen
//	go run ./cmd/index -index /tmp/gen.bleve /tmp/gen        # or: searchlat -build /tmp/gen
//	go run ./bench/searchlat -index /tmp/gen.bleve -rounds 30
//
// With -build DIR it first indexes DIR into -index (which must not exist) with
// pipeline/search/searchtest, the same stages as cmd/index.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/search"
	"github.com/huashu/huashu/pipeline/search/searchtest"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(search.GCPercent) // as cmd/search runs
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "searchlat:", err)
		os.Exit(1)
	}
}

// bench is one measured query.
type bench struct {
	name  string
	query string
	opts  search.Options
}

// benches are the measured queries: every kind of clause, alone and combined, with the
// CLI's defaults (20 hits, KWIC lines of 20 characters).
func benches() []bench {
	def := func(name, q string) bench {
		return bench{name, q, search.Options{Size: 20, Context: 20, Lines: 10}}
	}
	facets := func(name, q string, fs ...string) bench {
		b := def(name, q)
		b.opts.Facets = fs
		return b
	}
	b := []bench{
		def("word", "泡沫"),
		def("word, cut in two", "人工智能"),
		def("two words", "芯片 制裁"),
		def("phrase", `"遥遥领先"`),
		def("long phrase", `"中美科技竞争"`),
		def("two phrases", `"华尔街" "泡沫"`),
		def("quoted phrase OR", `"“遥遥领先”" OR "‘遥遥领先’" OR "「遥遥领先」"`),
		def("phrase OR group", `"DeepSeek" OR "深度求索" OR "国产大模型"`),
		def("frame", "frame:bubble"),
		def("frame and stance", "frame:bubble stance.us_ai:against"),
		def("rhetoric and stance", "rhetoric:triumphalism stance.china_ai:favor"),
		def("marker asserted only", "marker:泡沫 -marker.neg:泡沫"),
		def("negated marker", "marker.neg:泡沫"),
		def("frame number", "frame.bubble:>2"),
		def("number and OR group", `frame.labor:>=1 ("失业" OR "饭碗" OR "裁员")`),
		def("date and frame", `date:>="2024-02-01" frame:epochal`),
		def("source and word", "source:weibo 泡沫"),
		def("word OR group and frame", "(Sora OR ChatGPT) frame:bubble"),
		def("field group and NOT", "frame:(compute OR geopolitics) NOT rhetoric:hype"),
		def("stance score and year", "stance.us_ai:<-0.3 date:2025"),
		def("wildcard", "概念*"),
		facets("all, facets source month", "*", "source", "month"),
		facets("frame, facets frame year stance", "frame.neg:bubble -frame:bubble", "frame", "year", "stance.us_ai"),
		facets("phrase, facets marker source", `"泡沫"`, "marker", "source"),
	}
	sorted := def("all by date", "")
	sorted.opts.Sort = search.SortDate
	b = append(b, sorted)
	p := def("passages: two phrases", `"泡沫" "华尔街"`)
	p.opts.Passages = true
	b = append(b, p)
	p = def("passages: frame and stance", "frame:labor stance.us_ai:against")
	p.opts.Passages = true
	return append(b, p)
}

// Run runs searchlat with args, writing the report to stdout.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("searchlat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("index", "", "the index `folder` (required)")
	build := fs.String("build", "", "first index this corpus `folder` into -index")
	rounds := fs.Int("rounds", 30, "runs of each query (after one warm-up run)")
	seed := fs.Int64("seed", 1, "seed of the order of the runs")
	only := fs.String("only", "", "run only the queries whose name contains this `text`")
	adhoc := fs.String("query", "", "run this `query` (20 hits, KWIC) instead of the fixed set")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the runs (not the warm-up) to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *rounds < 1 {
		fs.Usage()
		return errors.New("-index is required, -rounds at least 1")
	}
	if *build != "" {
		start := time.Now()
		if _, err := searchtest.Build(ctx, *dir, []string{*build}, false, 0); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "indexed %s in %.0f s\n", *build, time.Since(start).Seconds())
	}
	s, err := search.Open(*dir)
	if err != nil {
		return err
	}
	defer s.Close()
	docs, err := s.Search(ctx, "", search.Options{})
	if err != nil {
		return err
	}
	set := benches()
	if *adhoc != "" {
		set = []bench{{"query", *adhoc, search.Options{Size: 20, Context: 20, Lines: 10}}}
	}
	var bs []bench
	for _, b := range set {
		if strings.Contains(b.name, *only) {
			bs = append(bs, b)
		}
	}
	if len(bs) == 0 {
		return fmt.Errorf("no query's name contains %q", *only)
	}
	times := make([][]time.Duration, len(bs))
	totals := make([]uint64, len(bs))
	// Warm-up: loads jieba for the word queries and the date bounds of month facets.
	for i, b := range bs {
		r, err := s.Search(ctx, b.query, b.opts)
		if err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
		totals[i] = r.Total
	}
	stop, err := cli.StartCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	// The runs, in a shuffled order each round so that no query always follows another.
	rng := rand.New(rand.NewSource(*seed))
	order := make([]int, len(bs))
	for i := range order {
		order[i] = i
	}
	for r := 0; r < *rounds; r++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			start := time.Now()
			if _, err := s.Search(ctx, bs[i].query, bs[i].opts); err != nil {
				return fmt.Errorf("%s: %w", bs[i].name, err)
			}
			times[i] = append(times[i], time.Since(start))
		}
	}
	fmt.Fprintf(stdout, "index %s: %d essays; %d queries × %d runs; GOMAXPROCS %d, %d CPUs, %s\n\n",
		*dir, docs.Total, len(bs), *rounds, runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version())
	fmt.Fprintln(stdout, "| query | hits | median ms | p99 ms |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|")
	var all []time.Duration
	for i, b := range bs {
		all = append(all, times[i]...)
		unit := ""
		if b.opts.Passages {
			unit = " passages"
		}
		q := strings.ReplaceAll(strings.TrimSpace(b.query), "|", `\|`)
		if q == "" {
			q = "(empty)"
		}
		fmt.Fprintf(stdout, "| %s: `%s` | %d%s | %.1f | %.1f |\n", b.name, q, totals[i], unit, ms(percentile(times[i], 50)), ms(percentile(times[i], 99)))
	}
	fmt.Fprintf(stdout, "| **all %d runs** | | **%.1f** | **%.1f** |\n", len(all), ms(percentile(all, 50)), ms(percentile(all, 99)))
	return nil
}

// percentile returns the p-th percentile of ds by the nearest-rank method.
func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[max(0, min(rank, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
