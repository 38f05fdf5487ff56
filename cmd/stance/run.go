package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
	"github.com/huashu/huashu/pipeline/stance"
	"github.com/huashu/huashu/pipeline/stance/classify"
)

// errUsage marks a command line that cannot be run; main exits 2 on it.
var errUsage = errors.New("usage")

const usage = `usage: stance <command> [flags]

commands:
  train    -data FILE -o MODEL     train a classifier (add -cv K to cross-validate first)
  eval     -model MODEL -data FILE precision, recall, F1 per label and F_avg
  predict  -model MODEL FILE...    one id<TAB>target<TAB>label line per row
  cv       -data FILE -k K         K-fold cross-validation of the training options
  explain  [FILE...]               the rules' stance of each sentence of a text, with evidence
  lexicon                          print the embedded evaluative lexicon (edit it, pass -lexicon)

Data: .tsv (NLPCC 2016 as is), .csv or .jsonl with id, target, text, label (or stance).
Run "stance <command> -h" for a command's flags.
`

// Run runs the stance command line args (without the program name), writing results to
// stdout and messages to stderr.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "train":
		return runTrain(ctx, rest, stdout, stderr)
	case "eval":
		return runEval(ctx, rest, stdout, stderr)
	case "predict":
		return runPredict(ctx, rest, stdout, stderr)
	case "cv":
		return runCV(ctx, rest, stdout, stderr)
	case "explain":
		return runExplain(ctx, rest, stdout, stderr)
	case "lexicon":
		_, err := stdout.Write(stance.DefaultLexiconYAML())
		return err
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// env holds what every command builds once: the segmenter and the rule scorer.
type env struct {
	seg   *segment.Segmenter
	rules *stance.Rules
}

// common are the flags shared by the commands that load text.
type common struct {
	dictDir  string
	codebook string
	lexicon  string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dictDir, "dict-dir", "", "jieba dictionary folder (default: $HUASHU_DICT_DIR or gojieba's)")
	fs.StringVar(&c.codebook, "codebook", "", "codebook YAML (default: the embedded one); its terms stay whole words")
	fs.StringVar(&c.lexicon, "lexicon", "", "evaluative lexicon YAML for the rules (default: the embedded one)")
}

func (c *common) open() (*env, error) {
	cb, err := codebook.Default()
	if c.codebook != "" {
		cb, err = codebook.Load(c.codebook)
	}
	if err != nil {
		return nil, err
	}
	var opts stance.RulesOptions
	if c.lexicon != "" {
		if opts.Lexicon, err = stance.LoadLexicon(c.lexicon); err != nil {
			return nil, err
		}
	}
	rules, err := stance.NewRules(cb, opts)
	if err != nil {
		return nil, err
	}
	seg, err := segment.New(segment.Options{DictDir: c.dictDir, Words: rules.Words()})
	if err != nil {
		return nil, err
	}
	return &env{seg: seg, rules: rules}, nil
}

func (e *env) close() { e.seg.Close() }

// trainFlags are the training options as flags.
type trainFlags struct {
	opts             classify.Options
	rules, perTarget bool
}

func (t *trainFlags) register(fs *flag.FlagSet) {
	t.opts = classify.DefaultOptions()
	f := &t.opts.Features
	fs.IntVar(&f.CharMin, "char-min", f.CharMin, "shortest character n-gram")
	fs.IntVar(&f.CharMax, "char-max", f.CharMax, "longest character n-gram (0: none)")
	fs.IntVar(&f.WordMax, "word-max", f.WordMax, "longest word n-gram (0: no word features)")
	fs.IntVar(&f.MinCount, "min-count", f.MinCount, "drop features seen in fewer training rows")
	fs.BoolVar(&t.rules, "rules", f.Rules, "add the rule scorer's features")
	fs.BoolVar(&f.IDF, "idf", f.IDF, "weight features by inverse document frequency")
	fs.BoolVar(&f.Mention, "mention", f.Mention, "add how much of the target's name the text contains")
	fs.BoolVar(&t.perTarget, "per-target", f.PerTarget, "conjoin features with the target too")
	fs.Float64Var(&t.opts.L2, "l2", t.opts.L2, "L2 penalty on the weights")
	fs.IntVar(&t.opts.MaxIter, "iter", t.opts.MaxIter, "most L-BFGS iterations")
	fs.BoolVar(&t.opts.Balance, "balance", t.opts.Balance, "weight rows by inverse label frequency")
	fs.IntVar(&t.opts.TuneFolds, "tune", t.opts.TuneFolds, "choose the none offset by K-fold cross-validation on the training rows (0: no)")
}

func (t *trainFlags) options(e *env) classify.Options {
	o := t.opts
	o.Features.Rules = t.rules
	o.Features.PerTarget = t.perTarget
	o.Tokenize = e.seg.Tokenize
	o.Rules = e.rules
	return o
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: stance %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func readData(path string, stderr io.Writer) ([]classify.Example, error) {
	rows, err := classify.ReadFile(path)
	if err != nil && len(rows) == 0 {
		return nil, err
	}
	if err != nil {
		// Report the bad rows and go on with the good ones.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "stance:", line)
		}
	}
	return rows, nil
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", "-data FILE -o MODEL [-cv K] [flags]", stderr)
	var c common
	var t trainFlags
	c.register(fs)
	t.register(fs)
	data := fs.String("data", "", "labelled training file (.tsv, .csv, .jsonl)")
	out := fs.String("o", "", "model file to write")
	cv := fs.Int("cv", 0, "cross-validate with K folds before training (0: no)")
	seed := fs.Uint64("seed", 1, "seed of the cross-validation folds")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		fs.Usage()
		return fmt.Errorf("%w: train needs -data and -o", errUsage)
	}
	rows, err := readData(*data, stderr)
	if err != nil {
		return err
	}
	e, err := c.open()
	if err != nil {
		return err
	}
	defer e.close()
	opts := t.options(e)
	if *cv > 0 {
		if err := crossValidate(ctx, rows, opts, *cv, *seed, stdout); err != nil {
			return err
		}
	}
	start := time.Now()
	m, err := classify.Train(rows, opts)
	if err != nil {
		return err
	}
	if err := m.Save(*out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "stance: trained on %d rows (%d features, none offset %+.1f) in %.1fs, wrote %s\n",
		countLabelled(rows), len(m.Vocab), m.NoneOffset, time.Since(start).Seconds(), *out)
	return nil
}

func countLabelled(rows []classify.Example) int {
	n := 0
	for _, r := range rows {
		if r.Label != "" {
			n++
		}
	}
	return n
}

func crossValidate(ctx context.Context, rows []classify.Example, opts classify.Options, k int, seed uint64, stdout io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	m, _, err := classify.CrossValidate(rows, opts, k, seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d-fold cross-validation (%.1fs):\n", k, time.Since(start).Seconds())
	return m.Write(stdout)
}

func runCV(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cv", "-data FILE [-k K] [flags]", stderr)
	var c common
	var t trainFlags
	c.register(fs)
	t.register(fs)
	data := fs.String("data", "", "labelled file (.tsv, .csv, .jsonl)")
	k := fs.Int("k", 5, "number of folds")
	seed := fs.Uint64("seed", 1, "seed of the folds")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fs.Usage()
		return fmt.Errorf("%w: cv needs -data", errUsage)
	}
	rows, err := readData(*data, stderr)
	if err != nil {
		return err
	}
	e, err := c.open()
	if err != nil {
		return err
	}
	defer e.close()
	return crossValidate(ctx, rows, t.options(e), *k, *seed, stdout)
}

// loadModel loads a model and gives it the segmenter and rules it needs.
func loadModel(path string, e *env) (*classify.Model, error) {
	m, err := classify.Load(path)
	if err != nil {
		return nil, err
	}
	m.SetTokenizer(e.seg.Tokenize)
	m.SetRules(e.rules)
	return m, nil
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "-model MODEL -data FILE", stderr)
	var c common
	c.register(fs)
	modelPath := fs.String("model", "", "model file written by train")
	data := fs.String("data", "", "labelled file to score the model on")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *modelPath == "" || *data == "" {
		fs.Usage()
		return fmt.Errorf("%w: eval needs -model and -data", errUsage)
	}
	rows, err := readData(*data, stderr)
	if err != nil {
		return err
	}
	if countLabelled(rows) == 0 {
		return fmt.Errorf("%s: no labelled rows", *data)
	}
	e, err := c.open()
	if err != nil {
		return err
	}
	defer e.close()
	m, err := loadModel(*modelPath, e)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	pred := m.Predict(rows)
	if err := classify.Score(rows, pred).Write(stdout); err != nil {
		return err
	}
	by := classify.ScoreByTarget(rows, pred)
	targets := make([]string, 0, len(by))
	for t := range by {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		mt := by[t]
		fmt.Fprintf(stdout, "  %s: F_avg %.4f (F1 favor %.4f, against %.4f) rows %d\n", t, mt.FAvg, mt.Labels[0].F1, mt.Labels[1].F1, mt.N)
	}
	return nil
}

func runPredict(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("predict", "-model MODEL FILE...", stderr)
	var c common
	c.register(fs)
	modelPath := fs.String("model", "", "model file written by train")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *modelPath == "" || fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: predict needs -model and at least one file", errUsage)
	}
	e, err := c.open()
	if err != nil {
		return err
	}
	defer e.close()
	m, err := loadModel(*modelPath, e)
	if err != nil {
		return err
	}
	for _, path := range fs.Args() {
		rows, err := readData(path, stderr)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := ctx.Err(); err != nil {
				return err
			}
			p := m.PredictText(r.Target, r.Text, nil)
			if _, err := fmt.Fprintf(stdout, "%s\t%s\t%s\n", r.ID, r.Target, p.Label); err != nil {
				return err
			}
		}
	}
	return nil
}

func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("explain", "[FILE...] (default: standard input)", stderr)
	var c common
	c.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	e, err := c.open()
	if err != nil {
		return err
	}
	defer e.close()
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	for _, path := range paths {
		var data []byte
		if path == "-" {
			data, err = io.ReadAll(os.Stdin)
		} else {
			data, err = os.ReadFile(path)
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		text := string(data)
		texts, sents, doc := e.rules.ScoreText(text, e.seg.Tokenize(text))
		for i, t := range texts {
			if len(sents[i]) == 0 {
				continue
			}
			fmt.Fprintf(stdout, "%d\t%s\n", i, strings.TrimSpace(t))
			for _, id := range e.rules.Targets() {
				if st, ok := sents[i][id]; ok {
					fmt.Fprintf(stdout, "\t%s\t%s\t%+.3f\t%s\n", id, st.Label, st.Score, strings.Join(st.Evidence, " "))
				}
			}
		}
		for _, id := range e.rules.Targets() {
			d := doc[id]
			fmt.Fprintf(stdout, "%s: %s %+.3f (favor %d, against %d, evidence %v)\n", id, d.Label, d.Score, d.Favor, d.Against, d.Evidence)
		}
	}
	return nil
}
