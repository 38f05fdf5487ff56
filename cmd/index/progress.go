package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/huashu/huashu/pipeline/model"
)

// lineEvery is how often progress is printed when stderr is not a terminal.
const lineEvery = 5 * time.Second

// progress shows how far a run is: a progress bar on a terminal, a plain line every
// lineEvery otherwise, nothing with -q. Its counters are updated by the ingest goroutine;
// a goroutine of its own draws.
type progress struct {
	w     io.Writer
	quiet bool
	tty   bool

	// bytes counts file bytes read: the whole size of each file finished, and of the file
	// being read its documents' text bytes, up to its size. (Text is shorter than its file:
	// JSON, front matter and CSV quoting are not text, so counting text alone stopped the
	// bar short of the total that Scan measured in file bytes.)
	files, docs, bytes atomic.Int64
	sizes              map[string]int64 // file sizes by Document.Path, from ingest.ScanSizes
	lastPath           string           // only touched by the ingest goroutine
	lastText, lastSize int64            // of the file being read: text so far, its size

	totalFiles int
	totalBytes int64
	began      time.Time
	bar        *progressbar.ProgressBar
	mu         sync.Mutex // orders the bar's drawing and diagnostics' lines
	stop       chan struct{}
	done       chan struct{}
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

// lineWriter returns a writer for diagnostics that clears the bar before each line.
func (p *progress) lineWriter() io.Writer { return lineWriter{p} }

type lineWriter struct{ p *progress }

func (l lineWriter) Write(b []byte) (int, error) {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	if l.p.bar != nil {
		l.p.bar.Clear()
	}
	return l.p.w.Write(b)
}

// start begins showing progress toward the files that ingest will read, whose sizes in
// bytes by Document.Path are sizes (from ingest.ScanSizes).
func (p *progress) start(sizes map[string]int64) {
	p.sizes = sizes
	var size int64
	for _, n := range sizes {
		size += n
	}
	p.totalFiles, p.totalBytes, p.began = len(sizes), size, time.Now()
	if p.quiet {
		return
	}
	if p.tty {
		p.bar = progressbar.NewOptions64(max(size, 1),
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetDescription("index"),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.loop()
}

// read counts a document read by ingest.
func (p *progress) read(d *model.Document) {
	if d.Path != p.lastPath {
		// The file before is finished: count the rest of its size.
		p.bytes.Add(p.lastSize - min(p.lastText, p.lastSize))
		p.lastPath, p.lastText, p.lastSize = d.Path, 0, p.sizes[d.Path]
		delete(p.sizes, d.Path) // a path read again (two roots) counts its size once
		p.files.Add(1)
	}
	p.docs.Add(1)
	n := int64(len(d.Text))
	p.bytes.Add(max(0, min(n, p.lastSize-p.lastText)))
	p.lastText += n
}

func (p *progress) loop() {
	defer close(p.done)
	every := lineEvery
	if p.tty {
		every = 250 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.draw()
		}
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	files, docs, bytes := p.files.Load(), p.docs.Load(), p.bytes.Load()
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("%d/%d files, %d documents", files, p.totalFiles, docs))
		p.bar.Set64(min(bytes, p.bar.GetMax64()))
		return
	}
	secs := time.Since(p.began).Seconds()
	mb := float64(bytes) / (1 << 20)
	line := fmt.Sprintf("index: %d/%d files, %d documents, %.1f/%.1f MB, %.2f MB/s", files, p.totalFiles, docs, mb, float64(p.totalBytes)/(1<<20), mb/secs)
	if bytes > 0 && bytes < p.totalBytes {
		eta := time.Duration(float64(p.totalBytes-bytes) / (float64(bytes) / secs) * float64(time.Second))
		line += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
	}
	fmt.Fprintln(p.w, line)
}

// finish stops showing progress and clears the bar.
func (p *progress) finish() {
	if p.stop == nil {
		return
	}
	close(p.stop)
	<-p.done
	if p.bar != nil {
		p.mu.Lock()
		p.bar.Finish()
		p.mu.Unlock()
	}
}
