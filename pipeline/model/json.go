package model

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the Annotation as JSON to dst, exactly as an encoding/json Encoder with
// SetEscapeHTML(false) writes it, without the newline. Like encoding/json, it fails on a
// score that is NaN or infinite.
//
// It is encoding/json written out for this one type: annotate prints ~3 bytes of JSON per
// byte of text, and encoding/json, which finds each field by reflection, took 7 % of its
// CPU time (0.37 s for the 67 MB of a 22.9 MB corpus; this takes 0.09 s). bytedance/sonic,
// the fastest encoding library, took 0.19 s and brings a JIT compiler; segmentio/encoding
// took 0.29 s. TestAppendJSON, TestAppendJSONGolden and FuzzAppendJSON hold the output to
// encoding/json's, byte for byte.
func (a *Annotation) AppendJSON(dst []byte) ([]byte, error) {
	w := jsonWriter{b: dst}
	a.encode(&w)
	return w.b, w.err
}

// spillAt is the size at which WriteJSON hands what it has encoded to its writer.
const spillAt = 64 << 10

// WriteJSON writes the Annotation and a newline to out, the JSON exactly as AppendJSON
// appends it, in pieces of about 64 KB: the JSON of a long document (~3 bytes per byte of
// text, 120 MB for a document of 40 MB) is never whole in memory. buf is scratch space,
// returned for the next call. The scores are checked before anything is written, so a
// score that cannot be encoded fails the call without leaving half a line behind.
func (a *Annotation) WriteJSON(out io.Writer, buf []byte) ([]byte, error) {
	return a.writeJSON(out, buf, spillAt)
}

// writeJSON is WriteJSON with the piece size as a parameter, for the tests.
func (a *Annotation) writeJSON(out io.Writer, buf []byte, spill int) ([]byte, error) {
	if err := a.checkFloats(); err != nil {
		return buf, err
	}
	w := jsonWriter{b: buf[:0], out: out, spillAt: spill}
	a.encode(&w)
	w.b = append(w.b, '\n')
	if w.err == nil {
		_, w.err = out.Write(w.b)
	}
	return w.b[:0], w.err
}

// checkFloats returns the error AppendJSON would return for a score that is NaN or
// infinite.
func (a *Annotation) checkFloats() error {
	var w jsonWriter
	for _, f := range a.Frames {
		w.checkFloat(f.Per1K)
		w.checkFloat(f.Share)
	}
	for _, s := range a.Stance {
		w.checkFloat(s.Score)
	}
	for i := range a.Sentences {
		for _, f := range a.Sentences[i].StanceScore {
			w.checkFloat(f)
		}
	}
	return w.err
}

// encode writes the Annotation's JSON to w.
func (a *Annotation) encode(w *jsonWriter) {
	w.b = append(w.b, `{"id":`...)
	w.string(a.ID)
	w.optString(`,"path":`, a.Path)
	if a.Line != 0 {
		w.int(`,"line":`, a.Line)
	}
	w.optString(`,"title":`, a.Title)
	w.optString(`,"author":`, a.Author)
	w.optString(`,"source":`, a.Source)
	w.optString(`,"date":`, a.Date)
	w.optString(`,"url":`, a.URL)
	if len(a.Tags) > 0 {
		w.b = append(w.b, `,"tags":`...)
		w.strings(a.Tags)
	}
	if len(a.Meta) > 0 {
		w.b = append(w.b, `,"meta":`...)
		w.stringMap(a.Meta)
	}
	w.int(`,"chars":`, a.Chars)
	w.int(`,"tokens":`, a.Tokens)
	if len(a.Paragraphs) > 0 {
		w.b = append(w.b, `,"paragraphs":`...)
		w.array(false, len(a.Paragraphs), func(i int) {
			w.int(`{"start":`, a.Paragraphs[i].Start)
			w.int(`,"end":`, a.Paragraphs[i].End)
			w.b = append(w.b, '}')
		})
	}
	w.b = append(w.b, `,"sentences":`...)
	w.array(a.Sentences == nil, len(a.Sentences), func(i int) { w.sentence(&a.Sentences[i]) })
	w.b = append(w.b, `,"markers":`...)
	w.array(a.Markers == nil, len(a.Markers), func(i int) { w.marker(&a.Markers[i]) })
	w.b = append(w.b, `,"frames":`...)
	if a.Frames == nil {
		w.b = append(w.b, "null"...)
	} else {
		object(w, a.Frames, func(f FrameStat) {
			w.int(`{"hits":`, f.Hits)
			w.float(`,"per_1k_chars":`, f.Per1K)
			w.float(`,"share":`, f.Share)
			w.b = append(w.b, '}')
		})
	}
	if len(a.Stance) > 0 {
		w.b = append(w.b, `,"stance":`...)
		object(w, a.Stance, func(s DocStance) {
			w.b = append(w.b, `{"label":`...)
			w.string(s.Label)
			w.float(`,"score":`, s.Score)
			w.int(`,"favor":`, s.Favor)
			w.int(`,"against":`, s.Against)
			w.b = append(w.b, `,"evidence":`...)
			w.array(s.Evidence == nil, len(s.Evidence), func(i int) { w.int("", s.Evidence[i]) })
			w.b = append(w.b, '}')
		})
	}
	w.optString(`,"text":`, a.Text)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) sentence(s *Sentence) {
	w.int(`{"start":`, s.Start)
	w.int(`,"end":`, s.End)
	w.int(`,"paragraph":`, s.Paragraph)
	w.bool(`,"question":`, s.Question)
	if s.Rhetorical {
		w.bool(`,"rhetorical":`, true)
	}
	w.b = append(w.b, `,"frames":`...)
	w.strings(s.Frames)
	if len(s.Stance) > 0 {
		w.b = append(w.b, `,"stance":`...)
		w.stringMap(s.Stance)
	}
	if len(s.StanceScore) > 0 {
		w.b = append(w.b, `,"stance_score":`...)
		object(w, s.StanceScore, func(f float64) { w.float("", f) })
	}
	if len(s.Evidence) > 0 {
		w.b = append(w.b, `,"stance_evidence":`...)
		object(w, s.Evidence, w.strings)
	}
	w.b = append(w.b, '}')
}

func (w *jsonWriter) marker(m *Marker) {
	w.b = append(w.b, `{"term":`...)
	w.string(m.Term)
	w.b = append(w.b, `,"pattern":`...)
	w.string(m.Pattern)
	w.int(`,"start":`, m.Start)
	w.int(`,"end":`, m.End)
	w.int(`,"sentence":`, m.Sentence)
	w.b = append(w.b, `,"categories":`...)
	w.strings(m.Categories)
	w.bool(`,"negated":`, m.Negated)
	w.bool(`,"quoted":`, m.Quoted)
	w.bool(`,"question":`, m.Question)
	w.b = append(w.b, '}')
}

// jsonWriter appends JSON values to b; err holds the first value that cannot be written.
// With out set, b goes to out whenever it holds spillAt bytes or more between two elements
// of an array, and long strings go in pieces; err then also holds the first error of out.
type jsonWriter struct {
	b       []byte
	err     error
	out     io.Writer
	spillAt int
}

// spill hands b to out once it holds spillAt bytes (nothing without out). After an error
// of out, what is encoded is dropped.
func (w *jsonWriter) spill() {
	if w.out == nil || len(w.b) < w.spillAt {
		return
	}
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

// optString appends key and s unless s is empty (omitempty).
func (w *jsonWriter) optString(key, s string) {
	if s != "" {
		w.b = append(w.b, key...)
		w.string(s)
	}
}

// int appends key (which may be empty) and n.
func (w *jsonWriter) int(key string, n int) {
	w.b = strconv.AppendInt(append(w.b, key...), int64(n), 10)
}

// bool appends key and v.
func (w *jsonWriter) bool(key string, v bool) {
	w.b = strconv.AppendBool(append(w.b, key...), v)
}

// array appends n elements, each written by elem(i), as a JSON array; null when isNil (a
// nil slice, as encoding/json writes it).
func (w *jsonWriter) array(isNil bool, n int, elem func(i int)) {
	if isNil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '[')
	for i := range n {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		elem(i)
		w.spill()
	}
	w.b = append(w.b, ']')
}

// strings appends a list of strings; nil is null.
func (w *jsonWriter) strings(list []string) {
	w.array(list == nil, len(list), func(i int) { w.string(list[i]) })
}

// stringMap appends a map of strings.
func (w *jsonWriter) stringMap(m map[string]string) { object(w, m, w.string) }

// object appends m as a JSON object, its keys in order as encoding/json sorts them, each
// value written by value.
func object[V any](w *jsonWriter, m map[string]V, value func(V)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.b = append(w.b, '{')
	for i, k := range keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.string(k)
		w.b = append(w.b, ':')
		value(m[k])
	}
	w.b = append(w.b, '}')
}

// float appends key (which may be empty) and f as encoding/json does: the shortest
// representation that reads back as f, in exponent form below 1e-6 and from 1e21 on, with
// the exponent's leading zero dropped.
func (w *jsonWriter) float(key string, f float64) {
	w.b = append(w.b, key...)
	if !w.checkFloat(f) {
		w.b = append(w.b, '0') // keeps the output well-formed; the error says it is wrong
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if format == 'e' { // e-07 → e-7
		if n := len(w.b); n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
			w.b[n-2] = w.b[n-1]
			w.b = w.b[:n-1]
		}
	}
}

// checkFloat reports whether f can be encoded; if not, err says so (unless it holds an
// earlier error).
func (w *jsonWriter) checkFloat(f float64) bool {
	if !math.IsInf(f, 0) && !math.IsNaN(f) {
		return true
	}
	if w.err == nil {
		w.err = fmt.Errorf("model: json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	return false
}

const hexDigits = "0123456789abcdef"

// string appends s quoted as encoding/json quotes it without HTML escaping: " and \ and
// control characters escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and
// \u2029 (JavaScript reads them as line ends), everything else as it is.
func (w *jsonWriter) string(s string) {
	w.b = append(w.b, '"')
	for w.out != nil && len(s) > w.spillAt {
		// A piece ends before a byte that is not a continuation byte: a character, valid
		// or not, is never split, so each piece is escaped as it would be in the whole.
		k := max(w.spillAt, 1)
		for k < len(s) && s[k]&0xC0 == 0x80 {
			k++
		}
		w.quote(s[:k])
		w.spill()
		s = s[k:]
	}
	w.quote(s)
	w.b = append(w.b, '"')
}

// quote appends s escaped as string describes, without the quotation marks.
func (w *jsonWriter) quote(s string) {
	b := w.b
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// A three-byte character from U+3000 on, other than the surrogates (lead byte ED):
		// most of Chinese text, valid without decoding. U+2028 and U+2029 (E2 80 A8/A9)
		// and the rest go through the decoder.
		if c >= 0xE3 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	w.b = append(b, s[start:]...)
}
