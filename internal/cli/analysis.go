package cli

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/stance/classify"
)

// Analysis holds the flags that say how documents are read and analysed: the same in every
// command that runs the analysis pipeline (annotate, index).
type Analysis struct {
	Codebook    string
	UserDict    string
	DictDir     string
	StanceModel string
	NoStance    bool
	Field       string
	MaxSizeMB   float64
	MaxErrors   int
	CPUProfile  string
}

// Register defines the flags on fs.
func (a *Analysis) Register(fs *flag.FlagSet) {
	fs.StringVar(&a.Codebook, "codebook", "", "codebook YAML `FILE` (default: the embedded codebook)")
	fs.StringVar(&a.UserDict, "userdict", "", "jieba user dictionary `FILE` (word [freq] [tag] per line)")
	fs.StringVar(&a.DictDir, "dict-dir", "", "jieba dictionary `DIR` (default $HUASHU_DICT_DIR, else gojieba's)")
	fs.StringVar(&a.StanceModel, "stance-model", "", "stance `MODEL` trained with cmd/stance (default: the codebook rules)")
	fs.BoolVar(&a.NoStance, "no-stance", false, "leave stance out")
	fs.StringVar(&a.Field, "field", "", "JSONL/CSV field holding the text (default: text, else content)")
	fs.Float64Var(&a.MaxSizeMB, "max-size", 50, "skip files larger than this many `MB`")
	fs.IntVar(&a.MaxErrors, "max-errors", 0, "stop after `N` skipped records (0: never)")
	fs.StringVar(&a.CPUProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
}

// Check reports a flag value out of range.
func (a *Analysis) Check() error {
	if a.MaxSizeMB <= 0 {
		return fmt.Errorf("-max-size must be positive")
	}
	if a.MaxErrors < 0 {
		return fmt.Errorf("-max-errors must be 0 or more")
	}
	return nil
}

// Options loads the codebook and the stance model the flags name and returns the analysis
// options; a model comes with no rules: analyze.New gives it the codebook's.
func (a *Analysis) Options() (analyze.Options, error) {
	opts := analyze.Options{DictDir: a.DictDir, UserDict: a.UserDict, NoStance: a.NoStance}
	if a.Codebook != "" {
		cb, err := codebook.Load(a.Codebook)
		if err != nil {
			return opts, err
		}
		opts.Codebook = cb
	}
	if a.StanceModel != "" && !a.NoStance {
		m, err := classify.Load(a.StanceModel)
		if err != nil {
			return opts, err
		}
		opts.Stance = m
	}
	return opts, nil
}

// Ingest returns the ingest options of the flags.
func (a *Analysis) Ingest() ingest.Options {
	return ingest.Options{TextField: a.Field, MaxSize: int64(a.MaxSizeMB * (1 << 20))}
}

// StartProfile starts the CPU profile -cpuprofile asks for; stop ends it (a no-op without
// the flag).
func (a *Analysis) StartProfile() (stop func(), err error) {
	return StartCPUProfile(a.CPUProfile)
}

// StartCPUProfile starts a CPU profile written to path ("": none) and returns the function
// that stops it and closes the file.
func StartCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
