package tag

// openQuote stands on the quote stack for a quotation opened in an earlier sentence, whose
// mark is not known.
const openQuote = rune(0)

// quoteMark is a quotation mark r at byte offset at of a sentence.
type quoteMark struct {
	at int
	r  rune
}

// markQuoted sets Quoted on each match (ordered by Start) whose first character stands inside
// quotation marks, starting inside one when inQuote is true, and reports whether a quotation
// is still open at the end of the sentence. quotes are the sentence's quotation marks, in
// order (reading.quotes).
//
// “ ‘ 「 『 open; ” 」 』 close the innermost quotation whatever opened it; ’ closes only a ‘
// (or a quotation opened earlier), so an apostrophe in OpenAI’s does not end a “…”; a
// straight double quote, ASCII " or full-width ＂, closes a quotation that one of them opened
// (or one opened earlier) and opens one otherwise.
func markQuoted(quotes []quoteMark, inQuote bool, matches []Match) bool {
	var buf [8]rune
	stack := buf[:0]
	if inQuote {
		stack = append(stack, openQuote)
	}
	m := 0
	for _, q := range quotes {
		for m < len(matches) && matches[m].Start <= q.at {
			matches[m].Quoted = len(stack) > 0
			m++
		}
		top := rune(-1) // the innermost open quotation, -1 for none
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch q.r {
		case '“', '‘', '「', '『':
			stack = append(stack, q.r)
		case '”', '」', '』':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case '’':
			if top == '‘' || top == openQuote {
				stack = stack[:len(stack)-1]
			}
		case '"', '＂':
			if top == '"' || top == openQuote {
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, '"')
			}
		}
	}
	for ; m < len(matches); m++ {
		matches[m].Quoted = len(stack) > 0
	}
	return len(stack) > 0
}

// quoteMarks are the characters that open or close a quotation; quoteSet holds them.
const quoteMarks = "“‘「『”」』’\"＂"

var quoteSet runeSet

func init() {
	for _, r := range quoteMarks {
		quoteSet.add(r)
	}
}
