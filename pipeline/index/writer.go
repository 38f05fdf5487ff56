package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	zapx "github.com/blevesearch/zapx/v17"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

// DefaultBatchBytes is the text, in bytes, that a batch holds before it is written when
// Options.BatchBytes is 0: about 350 essays of 3 KB. bleve's analysis of a batch holds
// about 70 bytes per byte of text at once, so 1 MB keeps memory well under the 1 GB budget
// while a larger batch is hardly faster (docs/benchmarks.md).
const DefaultBatchBytes = 1 << 20

// Options configures a Writer.
type Options struct {
	// Codebook is the codebook the documents were tagged with (required).
	Codebook *codebook.Codebook
	// UserDict is the merged user dictionary the documents were segmented with
	// (segment.Segmenter.UserDict); the index keeps it to cut queries the same way.
	UserDict []byte
	// Stance names what scores stance ("rules", "none", or a model's name and hash), so that
	// an index is not updated with labels of another kind.
	Stance string
	// Rebuild removes an existing index at the folder and builds a new one, instead of
	// refusing an index built with another codebook or user dictionary.
	Rebuild bool
	// BatchBytes is the text, in bytes, of a batch; 0 means DefaultBatchBytes.
	BatchBytes int
}

// Stats counts what a Writer did since it was opened.
type Stats struct {
	// Essays counts the essays written (new or changed), Passages their paragraphs.
	Essays, Passages int
	// Bytes is the text, in bytes, of the essays written.
	Bytes int64
	// Unchanged counts the essays found in the index with the same content hash.
	Unchanged int
	// Pruned counts the essays removed by Prune.
	Pruned int
}

// Writer adds analysed documents to an index on disk. Add, Flush, Prune and Close must be
// called from one goroutine; Unchanged and Stats may be called from any goroutine. A full
// batch is handed to the Writer's own goroutine, the only one that writes to bleve, so that
// building the next batch (and analysing the next documents) goes on while bleve works; at
// most one batch waits for it, so memory stays bounded.
//
// A Writer is crash-safe: bleve persists a batch whole or not at all, in the order written,
// and the content hashes read when the Writer opens are those of the persisted essays. Killed at any moment, it leaves an index that a second run with the same
// input completes into the index an uninterrupted run builds.
type Writer struct {
	dir     string
	idx     bleve.Index
	meta    *Meta
	builder builder
	// known maps the IDs of the essays in the index when it was opened to their content
	// hashes; it is only read after OpenWriter returns.
	known map[string]string

	mu sync.Mutex
	// seen holds the IDs met in this run.
	seen  map[string]bool
	stats Stats

	batch      *bleve.Batch
	batchBytes int
	maxBytes   int

	queue     chan queued    // to the writing goroutine; one batch may wait
	pending   sync.WaitGroup // batches queued and not yet written
	persisted sync.WaitGroup // batches written and not yet persisted
	done      chan struct{}  // closed when the writing goroutine returns
	errMu     sync.Mutex
	err       error // the first error of the writing goroutine
}

// OpenWriter opens the index at dir for writing, creating it when dir does not exist. An
// existing index built with another codebook, user dictionary or layout is refused with an
// error that says so, unless opts.Rebuild is set, which builds it anew.
func OpenWriter(dir string, opts Options) (*Writer, error) {
	if opts.Codebook == nil {
		return nil, errors.New("index: OpenWriter: no codebook")
	}
	want := newMeta(opts.Codebook, opts.UserDict, opts.Stance, model.Version, segment.Name)
	if opts.Rebuild {
		if err := removeIndex(dir); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := create(dir, want); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	meta, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if err := meta.compatible(dir, want); err != nil {
		return nil, err
	}
	idx, err := openBleve(dir, false)
	if err != nil {
		return nil, err
	}
	w := &Writer{
		dir: dir, idx: idx, meta: meta,
		builder:  builder{cb: opts.Codebook},
		seen:     map[string]bool{},
		batch:    idx.NewBatch(),
		maxBytes: opts.BatchBytes,
		queue:    make(chan queued, 1),
		done:     make(chan struct{}),
	}
	if w.maxBytes <= 0 {
		w.maxBytes = DefaultBatchBytes
	}
	if w.known, err = loadEssays(idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: %s: reading the essays' hashes: %w", dir, err)
	}
	go w.writeLoop()
	return w, nil
}

// queued is a batch handed to the writing goroutine, with the bytes of text it holds.
type queued struct {
	b     *bleve.Batch
	bytes int
}

// writeLoop writes the queued batches, in order; after an error it drops the rest. It waits
// while maxUnpersisted batches are written but not yet persisted; a batch of more than
// twice the batch size (one long document) counts for maxUnpersisted, so that bleve holds
// no other batch in memory beside it: bleve's in-memory segments take tens of bytes a byte
// of text, and three long documents at once took 8 documents of 4.9 MB to 1.3 GB.
func (w *Writer) writeLoop() {
	defer close(w.done)
	unpersisted := make(chan struct{}, maxUnpersisted)
	for q := range w.queue {
		b := q.b
		if w.firstErr() == nil {
			weight := 1
			if q.bytes > 2*w.maxBytes {
				weight = maxUnpersisted
			}
			for range weight {
				unpersisted <- struct{}{}
			}
			w.persisted.Add(1)
			var once sync.Once
			done := func() {
				once.Do(func() {
					for range weight {
						<-unpersisted
					}
					w.persisted.Done()
				})
			}
			b.SetPersistedCallback(func(err error) {
				if err != nil {
					w.setErr(fmt.Errorf("index: persisting a batch to %s: %w", w.dir, err))
				}
				done()
			})
			if err := w.idx.Batch(b); err != nil {
				w.setErr(fmt.Errorf("index: writing a batch to %s: %w", w.dir, err))
				done() // a failed batch is not persisted: nothing to wait for
			}
		}
		w.pending.Done()
	}
}

func (w *Writer) setErr(err error) {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *Writer) firstErr() error {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	return w.err
}

// send hands the current batch to the writing goroutine and starts a new one.
func (w *Writer) send() error {
	if err := w.firstErr(); err != nil {
		return err
	}
	if w.batch.Size() == 0 {
		return nil
	}
	w.pending.Add(1)
	w.queue <- queued{w.batch, w.batchBytes}
	w.batch = w.idx.NewBatch()
	w.batchBytes = 0
	return nil
}

// create makes a new index at dir: built in a temporary folder beside it and renamed into
// place once its meta file is written, so that a folder at dir is always a whole index.
func create(dir string, meta *Meta) error {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	stale, _ := filepath.Glob(filepath.Clean(dir) + ".creating-*")
	for _, s := range stale { // left by a run killed while creating
		os.RemoveAll(s)
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(filepath.Clean(dir))+".creating-*")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	os.Remove(tmp) // bleve wants to create the folder itself
	m, err := newMapping(meta.UserDict)
	if err != nil {
		return err
	}
	idx, err := bleve.New(tmp, m)
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("index: creating %s: %w", dir, err)
	}
	if err := idx.Close(); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("index: creating %s: %w", dir, err)
	}
	if err := writeMeta(tmp, meta); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// removeIndex removes the index at dir for -rebuild, refusing a folder that holds
// something else than an index.
func removeIndex(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	isIndex := false
	for _, e := range entries {
		if e.Name() == MetaFile || e.Name() == "index_meta.json" {
			isIndex = true
		}
	}
	if !isIndex && len(entries) > 0 {
		return fmt.Errorf("index: %s is not an index (no %s): not removing it", dir, MetaFile)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("index: removing %s to rebuild it: %w", dir, err)
	}
	return nil
}

// zap, bleve's segment format, sizes the buffer of each new in-memory segment from the
// previous one: (its bytes per document) × (the batch's documents + 100). The 100 is meant
// for batches of many small documents; for a batch of one long document (a 2 MB text makes
// a segment of ~12 MB) it asked for 1.2 GB at once, zero-filled, and index runs over 24
// documents of 2 MB peaked at 0.9 or 2.0 GB depending on which pooled segment builder a
// batch drew. Without the 100 the estimate is about the segment's size whatever the batch.
func init() { zapx.NewSegmentBufferNumResultsBump = 0 }

// maxSegmentDocs bounds the segments that bleve's merger builds, in documents (bleve's
// default is 5,000,000). A merge maps its input segments into memory, and the pages it reads
// count in the process's resident memory, so unbounded merges would make memory grow with
// the index; and with 1 MB batches, segments of 2,000 essays are merged once where larger
// ones are merged again (10 % less CPU than 4,000 on 48 MB: docs/design.md).
const maxSegmentDocs = 2000

// scorchConfig is the runtime configuration of bleve's scorch engine for huashu indexes.
// unsafe_batch makes Batch return once the batch is searchable instead of once it is on
// disk: the writer bounds the batches not yet persisted itself (maxUnpersisted), and what a
// crash keeps is the same either way, a prefix of the batches (docs/design.md, §8).
var scorchConfig = map[string]any{
	"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs},
	"unsafe_batch":           true,
}

// maxUnpersisted is the number of batches that bleve may hold in memory, written but not yet
// persisted, before the writer waits: building a segment goes on while bleve syncs the
// previous one to disk. Six were no faster than two (48 MB: 23.5 s, 40 CPU-s, 750 MB both).
const maxUnpersisted = 2

// openBleve opens the bleve index of a huashu index, failing quickly when another process
// holds it.
func openBleve(dir string, readOnly bool) (bleve.Index, error) {
	config := map[string]any{"read_only": readOnly, "bolt_timeout": "3s"}
	for k, v := range scorchConfig {
		config[k] = v
	}
	idx, err := bleve.OpenUsing(dir, config)
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("index: %s is in use by another process (an index run or a search that writes): %w", dir, err)
		}
		return nil, fmt.Errorf("index: opening %s: %w", dir, err)
	}
	return idx, nil
}

// loadEssays reads the content hash of every essay in the index, by pages in ID order. The
// hashes come from doc values, as sort keys: the stored documents (their text) are not read.
func loadEssays(idx bleve.Index) (map[string]string, error) {
	out := map[string]string{}
	q := bleve.NewMatchAllQuery()
	var after []string
	const page = 5000
	for {
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.SortBy([]string{"_id", FieldHash})
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := idx.Search(req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if len(h.Sort) == 2 {
				out[h.ID] = h.Sort[1]
			}
		}
		if len(res.Hits) < page {
			return out, nil
		}
		last := res.Hits[len(res.Hits)-1]
		after = []string{last.ID, last.Sort[1]}
	}
}

// Unchanged reports whether doc is in the index with the same content hash (Document.Hash),
// in which case it records doc as seen (Prune keeps it) and the caller need not analyse it.
// It is safe for concurrent use.
func (w *Writer) Unchanged(doc *model.Document) bool {
	hash, ok := w.known[doc.ID]
	if !ok || doc.Hash == "" || hash != doc.Hash {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.seen[doc.ID] {
		w.seen[doc.ID] = true
		w.stats.Unchanged++
	}
	return true
}

// Add writes a, replacing any essay of the same ID. Essays are written in batches of about
// Options.BatchBytes of text: a is in the index once a later Add, Flush or Close returns.
func (w *Writer) Add(a *model.Analyzed) error {
	id := a.Doc.ID
	if err := w.batch.IndexAdvanced(w.builder.build(a)); err != nil {
		return fmt.Errorf("index: %s: %w", id, err)
	}
	w.mu.Lock()
	w.seen[id] = true
	w.stats.Essays++
	w.stats.Passages += len(a.Annotation.Paragraphs)
	w.stats.Bytes += int64(len(a.Doc.Text))
	w.mu.Unlock()
	w.batchBytes += len(a.Doc.Text) + 256
	if w.batchBytes >= w.maxBytes {
		return w.send()
	}
	return nil
}

// Flush writes the documents added so far and waits until bleve has persisted them.
func (w *Writer) Flush() error {
	if err := w.send(); err != nil {
		return err
	}
	w.pending.Wait()
	w.persisted.Wait()
	return w.firstErr()
}

// Prune removes the essays that were in the index when it was opened and were neither
// added nor found unchanged since: records whose files are gone. Call it
// after the whole corpus went through Add or Unchanged. It returns the number of essays
// removed.
func (w *Writer) Prune() (int, error) {
	w.mu.Lock()
	var gone []string
	for id := range w.known {
		if !w.seen[id] {
			gone = append(gone, id)
		}
	}
	w.mu.Unlock()
	for _, id := range gone {
		w.batch.Delete(id)
		if w.batch.Size() >= 5000 {
			if err := w.send(); err != nil {
				return 0, err
			}
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	w.mu.Lock()
	w.stats.Pruned += len(gone)
	w.mu.Unlock()
	return len(gone), nil
}

// Stats returns what the Writer did so far. It is safe for concurrent use.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// Meta returns what the index records of its making.
func (w *Writer) Meta() *Meta { return w.meta }

// Dir returns the index folder.
func (w *Writer) Dir() string { return w.dir }

// Close writes the pending batch, waits until bleve has persisted every batch, and closes
// the index.
func (w *Writer) Close() error {
	ferr := w.Flush()
	close(w.queue)
	<-w.done
	cerr := w.idx.Close()
	if ferr != nil {
		return ferr
	}
	if cerr != nil {
		return fmt.Errorf("index: closing %s: %w", w.dir, cerr)
	}
	return nil
}
