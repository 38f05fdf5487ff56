// Package stance finds the stance of a text toward the codebook's targets (us_ai, china_ai
// by default): favor, against or none, with a score in [-1, 1] and the words and rules that
// decided it (contract: ../shared/ANNOTATIONS.md).
//
// Rules is the transparent default. Per sentence and target it reads an evaluative lexicon
// (lexicon.yml, in the codebook's format) and the codebook's rhetoric markers, then applies
// negation (不强大), contrast (X，但Y: Y dominates), concession (虽然X，…), conditionals,
// rhetorical questions (难道…吗 asserts the opposite), comparisons (A比B强, A不如B,
// 与A相比B…, A超越B: one favoured, the other not), passives (A被B超越) and ironic distance
// (所谓, 号称, praise in scare quotes). A sentence speaks of a target when it names one of its
// aliases or continues a sentence that did (它, 他们, 其, 该公司 …, or a subjectless opening
// such as 已经 or 而且). The document's stance is the weighted mean of its sentences, with
// conclusions (总之, 所以 …, the last paragraph) weighing more.
//
// The trainable alternative is package classify; both implement Scorer.
package stance

import (
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

// Input is one sentence of the analysis text, parallel to Annotation.Sentences.
type Input struct {
	// Text is the normalized analysis text of the sentence (simplified, full-width folded).
	Text string
	// Tokens are the jieba words of Text, byte offsets into Text. Nil makes the rules work
	// on characters (every character boundary may end a word).
	Tokens []segment.Token
}

// Scorer fills ann.Sentences[i].Stance, StanceScore and Evidence (only the targets the
// sentence speaks of) and ann.Stance (every target of the codebook, "none" where it is not
// spoken of), per ../shared/ANNOTATIONS.md. sents is parallel to ann.Sentences; extra
// entries on either side are ignored. Implementations are safe for concurrent use on
// different annotations.
type Scorer interface {
	Score(ann *model.Annotation, sents []Input)
}

// Polarity is the rules' reading of a text without targets: how favourable it is toward
// whatever it speaks of. The classifier uses it as features.
type Polarity struct {
	// Score is in [-1, 1], negative against, positive favor.
	Score float64
	// Evidence lists the words that counted, signed and marked with what modified them
	// ("+强大", "-强大[negated]", "-领先[distance]", "-遥遥落后[defeatism]"), and the rules that
	// fired ("rule:contrast", "rule:rhetorical_question" …).
	Evidence []string
}
