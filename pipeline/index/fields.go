package index

// Fields of an essay, the one kind of document of a huashu index. Passages (paragraphs)
// are not documents of their own: FieldSpans gives their spans, and the term locations of
// FieldText and the marker fields (and search's exact phrases) tell which passage a match
// falls in (docs/design.md §2).
const (
	// FieldText holds the jieba words of the text, lower-cased, with term vectors whose
	// Start and End are byte offsets into the stored value, the original text.
	// WordsAnalyzer cuts queries. It is the default field of query strings.
	FieldText = "text"
	// FieldExact holds every character of the text but white space, folded by FoldExact,
	// with term vectors (byte offsets into the text, as FieldText's), not stored: a phrase
	// query on it (exact:"遥遥领先") finds exactly the essays that contain the phrase.
	// ExactAnalyzer analyses queries.
	FieldExact = "exact"
	// FieldLatin holds every run of letters and digits of the text (characters that
	// FoldExact makes a–z or 0–9), folded, as one term at the position of its first
	// character as FieldExact numbers them, with term vectors (positions only). A phrase of
	// such characters alone (DeepSeek, gpt4) is found inside these runs by search, which
	// reads the few runs that hold it instead of the positions of every letter (layout 4).
	FieldLatin = "latin"
	// FieldMarker holds the asserted markers' terms (the text as it stands, lower-cased),
	// FieldMarkerNeg the negated ones'; FieldCategory and FieldCategoryNeg the codebook IDs
	// (frames and rhetoric) of the asserted and the negated markers. Keywords, not stored,
	// with doc values (facets) and term vectors whose Start and End are the marker's byte
	// offsets in the text, so that a marker's passage is known. A term asserted once and
	// denied once is in both fields.
	FieldMarker      = "marker"
	FieldMarkerNeg   = "marker_neg"
	FieldCategory    = "category"
	FieldCategoryNeg = "category_neg"
	// Keyword fields, stored, with doc values: the document's metadata as ingest read it.
	FieldTitle  = "title"
	FieldAuthor = "author"
	FieldSource = "source"
	FieldURL    = "url"
	FieldPath   = "path"
	// FieldTag holds one term per tag; the stored value is the tags joined by "\n".
	FieldTag = "tag"
	// FieldDate is the date as a datetime (stored as RFC 3339, with doc values), present
	// when Document.Date parses as YYYY-MM-DD or RFC 3339: date:>="2024-01-01".
	FieldDate = "date"
	// FieldDateText is Document.Date as given, parsed or not (keyword, stored).
	FieldDateText = "date_text"
	// FieldMetaPrefix starts the name of each metadata key: meta.<key> (keyword, stored,
	// doc values).
	FieldMetaPrefix = "meta."
	// FieldFramePrefix starts frame.<id>: the frame's per_1k_chars, a number (stored, doc
	// values; 0 when the frame has no marker) for every frame of the codebook:
	// frame.bubble:>2.
	FieldFramePrefix = "frame."
	// FieldStancePrefix starts stance.<target>: the label favor, against or none (keyword);
	// FieldStanceScorePrefix starts stance_score.<target>, the score in [-1, 1] (number).
	// Both are stored with doc values, for every target of the codebook, and absent when
	// the documents were analysed without stance.
	FieldStancePrefix      = "stance."
	FieldStanceScorePrefix = "stance_score."
	// FieldChars and FieldTokens count the text's characters (code points) and jieba words;
	// FieldPassages counts its paragraphs. Numbers, stored, with doc values.
	FieldChars    = "chars"
	FieldTokens   = "tokens"
	FieldPassages = "passages"
	// FieldSpans holds the paragraphs' spans (model.Annotation.Paragraphs), in characters
	// and in bytes of the text, as one keyword term with doc values, neither stored nor meant to be searched:
	// "c0-120/b0-360 c122-400/b366-1200" (ParseSpans). A search for passages reads it from
	// doc values, without decompressing the essays' stored fields (docs/design.md §2).
	FieldSpans = "spans"
	// FieldHash is Document.Hash (keyword, stored, doc values), which incremental indexing compares.
	FieldHash = "hash"
)

// FrameField returns the name of the field of frame id: "frame.<id>".
func FrameField(id string) string { return FieldFramePrefix + id }

// StanceField returns the name of the label field of target id: "stance.<id>".
func StanceField(id string) string { return FieldStancePrefix + id }

// StanceScoreField returns the name of the score field of target id: "stance_score.<id>".
func StanceScoreField(id string) string { return FieldStanceScorePrefix + id }

// MetaField returns the name of the field of metadata key k: "meta.<k>".
func MetaField(k string) string { return FieldMetaPrefix + k }

// KeywordFields lists the keyword fields that hold metadata, for query languages and
// facets (meta.<key> fields come on top).
var KeywordFields = []string{FieldTitle, FieldAuthor, FieldSource, FieldURL, FieldPath, FieldTag, FieldDateText}

// NumberFields lists the numeric fields other than frame.<id> and stance_score.<target>.
var NumberFields = []string{FieldChars, FieldTokens, FieldPassages}
