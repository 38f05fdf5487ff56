package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/huashu/huashu/pipeline/diag"
)

// JSON Lines are read with github.com/valyala/fastjson: a line is validated
// (fastjson.ValidateBytes: the grammar of RFC 8259, as encoding/json checks it) and then
// parsed, both at over 1 GB/s, against ~90 MB/s for json.Unmarshal into a map of raw
// values, which validates, scans again and unquotes Chinese rune by rune. On 24 MB of
// generated essays that was 0.3 of annotate's 5.5 CPU-seconds. encoding/json is still the
// reference: a line fastjson refuses is handed to it for the message and the column of the
// error, a line with a control byte is checked by it too (see parseJSONValue), and a string
// holding a surrogate escape is decoded by it (see jsonString). TestDecodeJSONAgainstStd and
// FuzzDecodeJSON compare what decodeJSON reads with what encoding/json reads.

// jsonObject is the object of a JSON line: its keys, sorted, and the value of each as
// written, without spaces (compact JSON). Of two equal keys the last wins, as in
// encoding/json.
type jsonObject struct {
	keys []string
	raw  map[string][]byte
}

// parseJSON turns one JSON line into fields, or returns the kind, column (bytes, 1-based,
// 0 if unknown) and reason to skip it.
func (w *walker) parseJSON(line []byte) (fl *fields, kind string, col int, reason string) {
	obj, kind, col, reason := w.decodeJSON(line)
	if reason != "" {
		return nil, kind, col, reason
	}
	return w.jsonFields(obj)
}

// decodeJSON reads one JSON line into a jsonObject, or returns the kind, column (bytes,
// 1-based, 0 if unknown) and reason to skip it. The values are valid until the next call.
func (w *walker) decodeJSON(line []byte) (obj jsonObject, kind string, col int, reason string) {
	if !utf8.Valid(line) {
		i := invalidUTF8At(line)
		return obj, diag.KindEncoding, i + 1, fmt.Sprintf("not valid UTF-8 (byte 0x%02X)", line[i])
	}
	v, err := w.parseJSONValue(line)
	if err != nil {
		col, reason := jsonSyntaxError(line, err)
		return obj, diag.KindJSON, col, reason
	}
	switch v.Type() {
	case fastjson.TypeObject:
	case fastjson.TypeNull:
		return obj, diag.KindJSON, 0, "JSON value is null, not an object"
	default:
		k := jsonKind(v.MarshalTo(nil))
		return obj, diag.KindJSON, 0, fmt.Sprintf("JSON value is %s %s, not an object", article(k), k)
	}
	o, _ := v.Object()
	// Each value is written out as it stands in the line (MarshalTo) before anything else
	// reads it: fastjson decodes a string's escapes the first time its type is asked.
	type span struct{ start, end int }
	spans := make(map[string]span, o.Len())
	keys := make([]string, 0, o.Len())
	w.jsonBuf = w.jsonBuf[:0]
	o.Visit(func(k []byte, v *fastjson.Value) {
		key := string(k)
		if _, dup := spans[key]; !dup {
			keys = append(keys, key)
		}
		start := len(w.jsonBuf)
		w.jsonBuf = v.MarshalTo(w.jsonBuf)
		spans[key] = span{start, len(w.jsonBuf)}
	})
	obj = jsonObject{keys: keys, raw: make(map[string][]byte, len(keys))}
	for k, sp := range spans {
		obj.raw[k] = w.jsonBuf[sp.start:sp.end:sp.end]
	}
	sort.Strings(obj.keys) // so that of two keys differing in case the same one always wins
	return obj, "", 0, ""
}

// jsonFields makes the fields of a record of a JSON object, or returns the kind, column and
// reason to skip it.
func (w *walker) jsonFields(obj jsonObject) (fl *fields, kind string, col int, reason string) {
	keys, raw := obj.keys, obj.raw
	byLower := make(map[string]string, len(keys))
	for _, k := range keys {
		if l := strings.ToLower(k); byLower[l] == "" {
			byLower[l] = k
		}
	}
	fl = &fields{}
	textKey, notString := "", ""
	for _, name := range w.textFields() {
		k, ok := byLower[name]
		if !ok {
			continue
		}
		r := raw[k]
		if kind := jsonKind(r); kind != "string" {
			if kind != "null" && notString == "" {
				notString = fmt.Sprintf("field %q holds %s %s, not a string", k, article(kind), kind)
			}
			continue
		}
		if s := jsonString(r); strings.TrimSpace(s) != "" {
			textKey, fl.doc.Text = k, s
			break
		}
	}
	if textKey == "" {
		if notString != "" {
			return nil, diag.KindNoText, 0, notString
		}
		return nil, diag.KindNoText, 0, w.noTextReason()
	}
	for _, k := range keys {
		if k == textKey {
			continue
		}
		if value, items, ok := jsonValue(raw[k]); ok {
			fl.set(k, value, items)
		}
	}
	return fl, "", 0, ""
}

// parseJSONValue validates line and parses it with the walker's parser. fastjson's validator
// misses a control character in a string before an escape sequence ("\x00\\n"), so a line
// with any byte below 0x20 (JSON allows only tab, CR and LF, between tokens) is checked by
// encoding/json too.
func (w *walker) parseJSONValue(line []byte) (*fastjson.Value, error) {
	if hasControl(line) && !json.Valid(line) {
		return nil, errors.New("invalid JSON")
	}
	if err := fastjson.ValidateBytes(line); err != nil {
		return nil, err
	}
	if w.json == nil {
		w.json = new(fastjson.Parser)
	}
	return w.json.ParseBytes(line)
}

// hasControl reports whether line holds a byte below 0x20.
func hasControl(line []byte) bool {
	for _, c := range line {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// jsonSyntaxError returns the column (bytes, 1-based, 0 if unknown) and the reason for a
// line fastjson refused, in encoding/json's words, which name the offending character.
func jsonSyntaxError(line []byte, fastErr error) (col int, reason string) {
	var v any
	err := json.Unmarshal(line, &v)
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return int(syn.Offset), "invalid JSON: " + syn.Error()
	case err != nil:
		return 0, "invalid JSON: " + err.Error()
	}
	// encoding/json accepts what fastjson refuses only past fastjson's nesting limit.
	return 0, "invalid JSON: " + fastErr.Error()
}

// jsonValue renders a JSON value, as written in a valid line, as a metadata string: a string
// unquoted, a number or boolean as written, an array of scalars as its items joined by ", "
// (items holds them), other arrays and objects as compact JSON. ok is false for null.
func jsonValue(raw []byte) (value string, items []string, ok bool) {
	switch jsonKind(raw) {
	case "null":
		return "", nil, false
	case "string":
		return jsonString(raw), nil, true
	case "array":
		if v, err := fastjson.ParseBytes(raw); err == nil {
			elems, _ := v.Array()
			items = make([]string, 0, len(elems))
			scalars := true
			var buf []byte
			for _, e := range elems {
				buf = e.MarshalTo(buf[:0])
				switch jsonKind(buf) {
				case "array", "object":
					scalars = false
				}
				if s, _, ok := jsonValue(buf); ok {
					items = append(items, s)
				}
			}
			if scalars {
				return strings.Join(items, ", "), items, true
			}
		}
	}
	return string(raw), nil, true // a number or boolean as written, or compact JSON
}

// jsonString decodes a JSON string as written in a valid line. A string without a
// backslash is the bytes between its quotation marks, since a valid JSON string holds no
// control character and no quotation mark unescaped. Escapes are decoded by fastjson,
// except in a string with a UTF-16 surrogate escape (\uD800–\uDFFF): fastjson keeps a lone
// surrogate as written where encoding/json gives U+FFFD, so such a string goes through
// json.Unmarshal.
func jsonString(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	if hasSurrogateEscape(raw) {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	v, err := fastjson.ParseBytes(raw)
	if err != nil {
		return string(raw[1 : len(raw)-1])
	}
	return string(v.GetStringBytes())
}

// hasSurrogateEscape reports whether raw holds \uD800–\uDFFF (or an escaped backslash
// followed by such text, which is harmless: the caller then takes the slower path).
func hasSurrogateEscape(raw []byte) bool {
	for i := 0; ; i += 2 {
		j := bytes.Index(raw[i:], []byte(`\u`))
		if j < 0 {
			return false
		}
		i += j
		if i+3 < len(raw) && (raw[i+2] == 'd' || raw[i+2] == 'D') && strings.IndexByte("89abcdefABCDEF", raw[i+3]) >= 0 {
			return true
		}
	}
}

// jsonKind names the kind of a JSON value, as written in a valid line, by its first byte,
// as encoding/json's errors do.
func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
