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
// those first characters, which are all of three bytes in UTF-8 (Han).
var (
	questionCuesByFirst = map[rune][]questionCue{}
	questionStarts      runeSet
)

func init() {
	for kind, list := range [][]string{rhetoricalCues, questionCues, negativeQuestionCues} {
		for _, w := range list {
			r, size := utf8.DecodeRuneInString(w)
			if size != 3 {
				panic("tag: a question cue must begin with a character of three bytes: " + w)
			}
			questionCuesByFirst[r] = append(questionCuesByFirst[r], questionCue{w, kind})
			questionStarts.add(r)
		}
	}
}

// scanCues reports which kinds of question cue s holds, in one pass. It looks at every byte
// that leads a three-byte sequence and reads the character there without decoding it in full:
// the prefix comparison that follows a hit in questionStarts is exact.
func scanCues(s string) (strong, weak, negative bool) {
	for i := 0; i+3 <= len(s); i++ {
		if s[i]&0xF0 != 0xE0 {
			continue
		}
		r := rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		if !questionStarts.has(r) {
			continue
		}
		for _, c := range questionCuesByFirst[r] {
			if strings.HasPrefix(s[i:], c.word) {
				switch c.kind {
				case strongCue:
					strong = true
				case weakCue:
					weak = true
				case negativeCue:
					negative = true
				}
			}
		}
	}
	return strong, weak, negative
}

// questionShape reports whether text, one sentence, is a question, and whether it is a
// rhetorical one (which is a question too).
func questionShape(text string) (question, rhetorical bool) {
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

	strong, weak, negative := scanCues(body)
	switch {
	case strong:
		return true, true
	case !question:
		return false, false
	case weak, negative && endsMa:
		return true, true
	}
	return true, false
}
