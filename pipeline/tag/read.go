package tag

import (
	"unicode"
	"unicode/utf8"
)

// reading is what one pass over a sentence finds before its markers are matched: the text
// case-folded for the trie, its clause and quotation marks, and its question cues. A
// reading is reused from sentence to sentence (scratch); read overwrites all of it.
type reading struct {
	// folded is the text with each letter lower-cased where its lower case has the same UTF-8
	// length (every ASCII letter, most others); every other byte is kept, so an offset into
	// folded is an offset into the text.
	folded []byte
	// marks are the clause marks (clauseMarks), in order.
	marks []mark
	// quotes are the quotation marks (quoteMarks), in order.
	quotes []quoteMark
	// strong, weak and negative tell which kinds of question cue the text holds (strongCue,
	// weakCue, negativeCue).
	strong, weak, negative bool
}

// punctSet holds every clause and quotation mark, so that other characters cost one test.
var punctSet runeSet

func init() {
	for _, r := range clauseMarks + quoteMarks {
		punctSet.add(r)
	}
}

// read reads text once, character by character: it folds case, notes the marks and looks for
// question cues. Characters U+3000–U+9FFF (CJK punctuation, kana, Han: most of the text),
// whose lead byte E3–E9 with two continuation bytes is always a valid sequence, are read
// without a call; they have no case, and every question cue begins with one (see init).
func (rd *reading) read(text string) {
	rd.folded = append(rd.folded[:0], text...)
	rd.marks, rd.quotes = rd.marks[:0], rd.quotes[:0]
	rd.strong, rd.weak, rd.negative = false, false, false
	b := rd.folded
	for i := 0; i < len(text); {
		c := text[i]
		var r rune
		size := 1
		switch {
		case c < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			r = rune(c)
		case 0xE3 <= c && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			r, size = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
			if questionStarts.has(r) {
				rd.questionCues(text[i:], r)
			}
		default:
			r, size = utf8.DecodeRuneInString(text[i:])
			if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
				utf8.EncodeRune(b[i:], l)
			}
		}
		if punctSet.has(r) {
			if markSet.has(r) {
				rd.marks = append(rd.marks, mark{i, i + size})
			}
			if quoteSet.has(r) {
				rd.quotes = append(rd.quotes, quoteMark{i, r})
			}
		}
		i += size
	}
}

// foldCase returns a copy of s with each letter lower-cased where its lower case has the same
// UTF-8 length (every ASCII letter, most others); every other byte is kept, so an offset into
// the result is an offset into s.
func foldCase(s string) []byte {
	var rd reading
	rd.read(s)
	return rd.folded
}
