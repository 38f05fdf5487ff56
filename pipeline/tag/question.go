package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// closers may follow a sentence's final punctuation: closing quotes and brackets.
const closers = "”’\"＂」』）)】]》〉"

// finalPunct is the punctuation that can end a sentence.
const finalPunct = "。．.！!？?…~～"

// closerSet and finalPunctSet hold the characters of closers and finalPunct.
var closerSet, finalPunctSet runeSet

func init() {
	for _, r := range closers {
		closerSet.add(r)
	}
	for _, r := range finalPunct {
		finalPunctSet.add(r)
	}
}

// rhetoricalCues make a sentence a rhetorical question wherever they stand.
var rhetoricalCues = []string{
	"难道", "岂", "何尝", "何必", "何苦", "何须", "何曾", "怎能", "怎么能", "怎么可能", "怎可",
	"怎会", "哪能", "哪有", "哪里有", "谁说", "谁能说", "谁能想到", "谁会想到", "何来", "何谈", "谈何", "又如何",
	"又怎样", "又能怎样", "又何妨", "有何不可",
}

// questionCues make a question a rhetorical one.
var questionCues = []string{
	"是不是", "果真如此", "果然如此", "真的如此", "真是如此", "真的是这样", "真是这样",
}

// negativeQuestionCues make a 吗 question a rhetorical one (不是……吗, 不就是……吗).
var negativeQuestionCues = []string{"不是", "不就", "不正", "不也", "不都", "不还", "没有"}

// Kinds of question cue.
const (
	strongCue   = iota // rhetoricalCues
	weakCue            // questionCues
	negativeCue        // negativeQuestionCues
)

type questionCue struct {
	word string
	kind int
}

// questionCuesByFirst holds every question cue by its first character; questionStarts holds
// those first characters, which are all in U+3000–U+9FFF (Han), as reading.read requires.
var (
	questionCuesByFirst = map[rune][]questionCue{}
	questionStarts      runeSet
)

func init() {
	for kind, list := range [][]string{rhetoricalCues, questionCues, negativeQuestionCues} {
		for _, w := range list {
			r, _ := utf8.DecodeRuneInString(w)
			if r < 0x3000 || r > 0x9FFF {
				panic("tag: a question cue must begin with a character in U+3000–U+9FFF: " + w)
			}
			questionCuesByFirst[r] = append(questionCuesByFirst[r], questionCue{w, kind})
			questionStarts.add(r)
		}
	}
}

// questionCues notes the kinds of the question cues at the start of s, whose first
// character is r.
func (rd *reading) questionCues(s string, r rune) {
	for _, c := range questionCuesByFirst[r] {
		if strings.HasPrefix(s, c.word) {
			switch c.kind {
			case strongCue:
				rd.strong = true
			case weakCue:
				rd.weak = true
			case negativeCue:
				rd.negative = true
			}
		}
	}
}

// questionShape reports whether text, one sentence, is a question, and whether it is a
// rhetorical one (which is a question too).
func questionShape(text string) (question, rhetorical bool) {
	var rd reading
	rd.read(text)
	return rd.shape(text)
}

// shape is questionShape of text, which rd has read. The question cues are looked for in the
// whole text, not only before the final punctuation: they are words of Han characters, so
// none can stand in or across the closing marks and spaces.
func (rd *reading) shape(text string) (question, rhetorical bool) {
	core := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || closerSet.has(r)
	})
	body := strings.TrimRightFunc(core, func(r rune) bool {
		return finalPunctSet.has(r) || unicode.IsSpace(r)
	})
	tail := core[len(body):]
	particle, _ := utf8.DecodeLastRuneInString(body)
	endsMa := particle == '吗'
	// 呢 after 着 is declarative (还早着呢).
	endsNe := particle == '呢' && !strings.HasSuffix(body, "着呢")
	question = strings.Contains(tail, "？") || strings.IndexByte(tail, '?') >= 0 || endsMa || endsNe

	switch {
	case rd.strong:
		return true, true
	case !question:
		return false, false
	case rd.weak, rd.negative && endsMa:
		return true, true
	}
	return true, false
}
