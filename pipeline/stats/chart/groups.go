package chart

import (
	"fmt"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/stats"
)

// noValue labels the group of documents that lack the grouping key.
const noValue = "（无）"

// groupLabels returns the X label of each row of a groups table (its key columns, the String
// columns it starts with, joined by " · ") and the key names.
func groupLabels(t *stats.Table) (labels, keys []string) {
	for _, c := range t.Columns {
		if c.Type != stats.String {
			break
		}
		keys = append(keys, c.Name)
	}
	for r := range t.Rows {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = t.Str(r, k)
			if parts[i] == "" {
				parts[i] = noValue
			}
		}
		labels = append(labels, strings.Join(parts, " · "))
	}
	return labels, keys
}

// groupNotes returns "n=<documents>" for each of the rows kept of a groups table, or nil when
// it has no documents column.
func groupNotes(t *stats.Table, keep []int) []string {
	if t.Col("documents") < 0 {
		return nil
	}
	notes := make([]string, len(keep))
	for i, r := range keep {
		notes[i] = fmt.Sprintf("n=%d", int(t.Float(r, "documents")))
	}
	return notes
}

// frameSeries builds one series per frame (all of the codebook's when frames is empty) from
// the column <frame>_<measure> of the rows kept.
func frameSeries(cb *codebook.Codebook, t *stats.Table, frames []string, measure string, keep []int) ([]Series, error) {
	if len(frames) == 0 {
		frames = cb.FrameIDs()
	}
	var out []Series
	for _, f := range frames {
		cat := cb.Category(f)
		if cat == nil || cat.Kind != codebook.KindFrame {
			return nil, fmt.Errorf("chart: %q is not a frame of codebook %s", f, cb.Name)
		}
		col := f + "_" + measure
		if t.Col(col) < 0 {
			return nil, fmt.Errorf("chart: table %s has no column %s (a groups table is needed)", t.Name, col)
		}
		s := Series{Label: cat.Zh}
		if s.Label == "" {
			s.Label = f
		}
		for _, r := range keep {
			s.Values = append(s.Values, t.Float(r, col))
		}
		out = append(out, s)
	}
	return out, nil
}

// Shares returns stacked bars of each frame's share of the frame hits of each group, from a
// groups table (stats.Groups), frames labelled in Chinese from the codebook. frames limits the
// bars to those frame IDs (nil: every frame of the codebook); the shares of a bar then add up
// to less than 1.
func Shares(cb *codebook.Codebook, t *stats.Table, frames []string) (*Chart, error) {
	labels, keys := groupLabels(t)
	keep := make([]int, len(t.Rows))
	for i := range keep {
		keep[i] = i
	}
	series, err := frameSeries(cb, t, frames, "share", keep)
	if err != nil {
		return nil, err
	}
	return &Chart{Kind: StackedBars, Title: "框架占比 · frame shares by " + strings.Join(keys, ", "),
		XLabels: labels, XNotes: groupNotes(t, keep), YTitle: "占框架命中 share of frame hits", Percent: true, Series: series}, nil
}

// Rates returns lines of each frame's hits per 1,000 characters over the groups of a groups
// table in row order (stats.Groups by month sorts them by month), leaving out the group of
// documents without a value (no date). frames limits the lines to those frame IDs.
func Rates(cb *codebook.Codebook, t *stats.Table, frames []string) (*Chart, error) {
	labels, keys := groupLabels(t)
	var keep []int
	var kept []string
	for r, l := range labels {
		if strings.Contains(l, noValue) {
			continue
		}
		keep = append(keep, r)
		kept = append(kept, l)
	}
	series, err := frameSeries(cb, t, frames, "per_1k", keep)
	if err != nil {
		return nil, err
	}
	return &Chart{Kind: Lines, Title: "框架出现率 · frame rates by " + strings.Join(keys, ", "),
		XLabels: kept, XNotes: groupNotes(t, keep), YTitle: "每千字命中 hits per 1,000 characters", Series: series}, nil
}
