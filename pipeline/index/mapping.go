package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// newMapping returns the mapping of a huashu index whose words were cut with userDict. The
// writer builds documents itself (see document.go), so the mapping serves queries: it tells
// bleve which analyzer each field takes, which fields are numbers and dates, and it carries
// the user dictionary so that the index analyses queries on its own.
func newMapping(userDict string) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	m.DefaultField = FieldText
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	if err := m.AddCustomAnalyzer(WordsAnalyzer, map[string]any{
		"type":      WordsAnalyzerType,
		"user_dict": userDict,
	}); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}

	dm := bleve.NewDocumentStaticMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = WordsAnalyzer
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false // as the documents' own fields say (document.go)
	dm.AddFieldMappingsAt(FieldText, text)

	exact := bleve.NewTextFieldMapping()
	exact.Analyzer = ExactAnalyzer
	exact.Store = false
	exact.IncludeTermVectors = true
	exact.IncludeInAll = false
	exact.DocValues = false
	dm.AddFieldMappingsAt(FieldExact, exact)

	latin := bleve.NewKeywordFieldMapping()
	latin.IncludeTermVectors = true
	latin.IncludeInAll = false
	latin.Store = false
	latin.DocValues = false
	dm.AddFieldMappingsAt(FieldLatin, latin)

	for _, name := range append([]string{FieldMarker, FieldMarkerNeg, FieldCategory, FieldCategoryNeg, FieldHash, FieldSpans}, KeywordFields...) {
		k := bleve.NewKeywordFieldMapping()
		k.IncludeInAll = false
		k.IncludeTermVectors = false
		dm.AddFieldMappingsAt(name, k)
	}
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldDate, date)
	for _, name := range NumberFields {
		n := bleve.NewNumericFieldMapping()
		n.IncludeInAll = false
		dm.AddFieldMappingsAt(name, n)
	}
	// meta.<key> and stance.<target> are keywords, frame.<id> and stance_score.<target>
	// numbers: sub-documents whose unknown fields take the keyword analyzer.
	for _, prefix := range []string{FieldMetaPrefix, FieldStancePrefix, FieldFramePrefix, FieldStanceScorePrefix} {
		sub := bleve.NewDocumentMapping()
		sub.DefaultAnalyzer = keyword.Name
		dm.AddSubDocumentMapping(prefix[:len(prefix)-1], sub)
	}
	m.DefaultMapping = dm
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	return m, nil
}
