package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/huashu/huashu/pipeline/codebook"
)

// MetaFile is the name of the file, inside an index folder, that records what built the
// index.
const MetaFile = "huashu.json"

// Format is the version of the index layout (fields and document kinds) that this package
// writes; an index of another format must be rebuilt.
const Format = 4 // 2: stored annotation and words (stored.go); 3: FieldSpans; 4: FieldLatin

// Meta records what built an index, so that the index is analysed and updated as it was
// built, whatever is on disk later.
type Meta struct {
	// Format is the layout version (Format when written by this package).
	Format int `json:"format"`
	// Huashu is the huashu version that created the index (model.Version).
	Huashu string `json:"huashu"`
	// Segmenter names the word segmenter (segment.Name).
	Segmenter string `json:"segmenter"`
	// Codebook is the codebook the documents were tagged with.
	Codebook CodebookMeta `json:"codebook"`
	// UserDict is the merged user dictionary, in jieba's format, that the documents were
	// segmented with (segment.Segmenter.UserDict), and UserDictSHA256 its hex SHA-256.
	UserDict       string `json:"user_dict"`
	UserDictSHA256 string `json:"user_dict_sha256"`
	// Stance names what scored stance: "rules", "none", or a model's file name and hash.
	Stance string `json:"stance"`
	// Created is when the index was created.
	Created time.Time `json:"created"`
}

// CodebookMeta is the codebook an index was built with.
type CodebookMeta struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	// Source is the file it was read from, "" for the embedded default.
	Source string `json:"source,omitempty"`
	// SHA256 is codebook.Codebook.Hash: the hex SHA-256 of YAML.
	SHA256 string `json:"sha256"`
	YAML   string `json:"yaml"`
}

// ParseCodebook parses the recorded codebook.
func (m *Meta) ParseCodebook() (*codebook.Codebook, error) {
	cb, err := codebook.Parse([]byte(m.Codebook.YAML), m.Codebook.Source)
	if err != nil {
		return nil, fmt.Errorf("index: the codebook recorded in the index: %w", err)
	}
	return cb, nil
}

// newMeta describes an index built with cb and userDict now.
func newMeta(cb *codebook.Codebook, userDict []byte, stance, version, segmenter string) *Meta {
	return &Meta{
		Format: Format, Huashu: version, Segmenter: segmenter,
		Codebook: CodebookMeta{
			Name: cb.Name, Version: cb.Version, Source: cb.Source, SHA256: cb.Hash, YAML: string(cb.Raw),
		},
		UserDict:       string(userDict),
		UserDictSHA256: dictKey(userDict),
		Stance:         stance,
		Created:        time.Now().UTC().Truncate(time.Second),
	}
}

// errNoMeta is returned by readMeta for a folder without MetaFile.
var errNoMeta = errors.New("no " + MetaFile)

// readMeta reads dir/MetaFile.
func readMeta(dir string) (*Meta, error) {
	path := filepath.Join(dir, MetaFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("index: %s: %w: not a huashu index (or its creation was interrupted: build it again with -rebuild)", dir, errNoMeta)
	}
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("index: %s: %w", path, err)
	}
	return &m, nil
}

// writeMeta writes dir/MetaFile through a temporary file and a rename, so that a crash
// leaves the old file or the new one, never half of one.
func writeMeta(dir string, m *Meta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, MetaFile), append(data, '\n'))
}

// writeFileAtomic writes data to path through a synced temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("index: writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("index: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("index: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// compatible returns an error that says why an index recorded as m cannot be updated with
// a run that uses want, or nil.
func (m *Meta) compatible(dir string, want *Meta) error {
	switch {
	case m.Format != want.Format:
		return fmt.Errorf("index: %s has layout %d, this huashu writes layout %d: run again with -rebuild to re-index everything", dir, m.Format, want.Format)
	case m.Codebook.SHA256 != want.Codebook.SHA256:
		return fmt.Errorf("index: %s was built with codebook %q version %d (sha256 %.12s…) and this run uses codebook %q version %d (sha256 %.12s…): "+
			"markers and frames of old and new documents would not agree; run again with -rebuild to re-index everything, or use the codebook the index was built with",
			dir, m.Codebook.Name, m.Codebook.Version, m.Codebook.SHA256, want.Codebook.Name, want.Codebook.Version, want.Codebook.SHA256)
	case m.UserDictSHA256 != want.UserDictSHA256:
		return fmt.Errorf("index: %s was built with another user dictionary (sha256 %.12s…, this run %.12s…): "+
			"old and new documents would be cut into words differently; run again with -rebuild to re-index everything",
			dir, m.UserDictSHA256, want.UserDictSHA256)
	case m.Stance != want.Stance:
		return fmt.Errorf("index: %s was built with stance %q and this run uses %q: "+
			"old and new documents would be labelled differently; run again with -rebuild to re-index everything",
			dir, m.Stance, want.Stance)
	}
	return nil
}
