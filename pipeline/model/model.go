// Package model holds the data that flows between huashu's pipeline stages: the Document that
// ingest reads, and the Annotation that the analysis stages produce and that annotate, index,
// search and stats share. It imports nothing of the project.
//
// Units: every offset in an Annotation is a character offset (Unicode code point) into
// Document.Text, end exclusive, as ../shared/ANNOTATIONS.md requires.
package model

// Document is one record read from a corpus: a whole .txt or .md file, or one line of a
// .jsonl file, or one row of a .csv/.tsv file.
type Document struct {
	// ID is stable across runs: the record's own id when it has one, else Path, plus
	// "#L<line>" for a record of a JSONL or CSV file.
	ID string
	// Path is the file's path relative to the corpus root, with forward slashes; "-" for
	// standard input.
	Path string
	// Line is the 1-based line where the record starts in its file; 0 for a whole file.
	Line int
	// Text is the decoded original text (valid UTF-8 is not guaranteed: normalize repairs it
	// for analysis). Every offset of the analysis points into it.
	Text string

	Title  string
	Author string
	Source string
	// Date is the record's date as YYYY-MM-DD where it could be parsed, else as given.
	Date string
	URL  string
	Tags []string
	// Meta holds every other metadata key of the record, values as strings.
	Meta map[string]string
	// Hash is a hex content hash of the record (text and metadata), used by incremental
	// indexing to see that a record changed.
	Hash string
}

// Annotation is the analysis of one Document: the JSON object that annotate prints as one
// line of JSON Lines (contract: ../shared/ANNOTATIONS.md).
type Annotation struct {
	ID     string            `json:"id"`
	Path   string            `json:"path,omitempty"`
	Line   int               `json:"line,omitempty"`
	Title  string            `json:"title,omitempty"`
	Author string            `json:"author,omitempty"`
	Source string            `json:"source,omitempty"`
	Date   string            `json:"date,omitempty"`
	URL    string            `json:"url,omitempty"`
	Tags   []string          `json:"tags,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
	// Chars is the number of characters (code points) of the original text.
	Chars int `json:"chars"`
	// Tokens is the number of jieba words of the analysis text, punctuation and spaces excluded.
	Tokens     int                  `json:"tokens"`
	Paragraphs []Span               `json:"paragraphs,omitempty"`
	Sentences  []Sentence           `json:"sentences"`
	Markers    []Marker             `json:"markers"`
	Frames     map[string]FrameStat `json:"frames"`
	// Stance lists every target of the codebook (label "none" where it is not spoken of).
	// It is nil until a stance scorer runs.
	Stance map[string]DocStance `json:"stance,omitempty"`
	// Text is the original text, included only when asked for (annotate -text).
	Text string `json:"text,omitempty"`
}

// Span is a range of characters (code points) of the original text, end exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sentence is one sentence of the original text.
type Sentence struct {
	// Start and End are character offsets into the original text, end exclusive.
	Start int `json:"start"`
	End   int `json:"end"`
	// Paragraph is the index of the paragraph the sentence belongs to.
	Paragraph int `json:"paragraph"`
	// Question is true for a question: it ends in ？ or ?, or is a 吗/呢 question, or has the
	// shape of a rhetorical question (难道……吗, ……果真如此吗).
	Question bool `json:"question"`
	// Rhetorical is true when the question is a rhetorical one (反问).
	Rhetorical bool `json:"rhetorical,omitempty"`
	// Frames lists the frame IDs with at least one marker in the sentence, in codebook order.
	Frames []string `json:"frames"`
	// Stance lists only the targets that the sentence speaks of.
	Stance map[string]string `json:"stance,omitempty"`
	// StanceScore holds the score in [-1, 1] of each target in Stance.
	StanceScore map[string]float64 `json:"stance_score,omitempty"`
	// Evidence holds, per target in Stance, the words and rules that decided the label
	// (nil when none did).
	Evidence map[string][]string `json:"stance_evidence,omitempty"`
}

// Marker is one match of a codebook pattern in the text.
type Marker struct {
	// Term is the text as it stands in the original document (text[Start:End] in characters).
	Term string `json:"term"`
	// Pattern is the codebook pattern that matched.
	Pattern string `json:"pattern"`
	// Start and End are character offsets into the original text, end exclusive.
	Start int `json:"start"`
	End   int `json:"end"`
	// Sentence is the index into Annotation.Sentences.
	Sentence int `json:"sentence"`
	// Categories are codebook IDs, frames and rhetoric alike, in codebook order.
	Categories []string `json:"categories"`
	Negated    bool     `json:"negated"`
	Quoted     bool     `json:"quoted"`
	Question   bool     `json:"question"`
}

// FrameStat counts one frame's markers in a document.
type FrameStat struct {
	// Hits counts every marker of the frame, negated ones included.
	Hits int `json:"hits"`
	// Per1K is Hits per 1,000 characters of the original text.
	Per1K float64 `json:"per_1k_chars"`
	// Share is Hits divided by the hits of all frames of the document.
	Share float64 `json:"share"`
}

// DocStance is a document's stance toward one target.
type DocStance struct {
	// Label is favor, against or none.
	Label string `json:"label"`
	// Score is in [-1, 1]: negative against, positive favor.
	Score   float64 `json:"score"`
	Favor   int     `json:"favor"`
	Against int     `json:"against"`
	// Evidence holds indexes into Annotation.Sentences that carried the label.
	Evidence []int `json:"evidence"`
}

// Token is one jieba word of the analysis text.
type Token struct {
	// Text is the word as segmented from the analysis text (normalized: simplified, folded).
	Text string
	// Start and End are character offsets into the original text, end exclusive.
	Start int
	End   int
}

// Analyzed is what the analysis stages hand to a consumer such as the index stage: the
// document, its annotation, and its words per sentence.
type Analyzed struct {
	Doc        *Document
	Annotation *Annotation
	// Tokens holds the words of each sentence, Tokens[i] for Annotation.Sentences[i].
	Tokens [][]Token
}

// Stance labels.
const (
	Favor   = "favor"
	Against = "against"
	None    = "none"
)

// Version is huashu's version, recorded in every index it builds.
const Version = "0.1.0"
