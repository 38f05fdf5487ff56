package tag

import "unicode/utf8"

// openQuote stands on the quote stack for a quotation opened in an earlier sentence, whose
// mark is not known.
const openQuote = rune(0)

// markQuoted sets Quoted on each match (ordered by Start) whose first character stands inside
// quotation marks, starting inside one when inQuote is true, and reports whether a quotation
// is still open at the end of text.
//
// “ ‘ 「 『 open; ” 」 』 close the innermost quotation whatever opened it; ’ closes only a ‘
// (or a quotation opened earlier), so an apostrophe in OpenAI’s does not end a “…”; a
// straight double quote, ASCII " or full-width ＂, closes a quotation that one of them opened
// (or one opened earlier) and opens one otherwise.
func markQuoted(text string, inQuote bool, matches []Match) bool {
	var buf [8]rune
	stack := buf[:0]
	if inQuote {
		stack = append(stack, openQuote)
	}
	top := rune(-1) // the innermost open quotation, -1 for none
	m := 0
	for i := 0; i < len(text); {
		if !quoteLeads[text[i]] {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		for m < len(matches) && matches[m].Start <= i {
			matches[m].Quoted = len(stack) > 0
			m++
		}
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		} else {
			top = -1
		}
		switch r {
		case '“', '‘', '「', '『':
			stack = append(stack, r)
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
		i += size
	}
	for ; m < len(matches); m++ {
		matches[m].Quoted = len(stack) > 0
	}
	return len(stack) > 0
}

// quoteMarks are the characters that open or close a quotation.
const quoteMarks = "“‘「『”」』’\"＂"

// quoteLeads holds the first byte of each of quoteMarks' characters: a character that begins
// with another byte is no quotation mark, and need not be decoded.
var quoteLeads [256]bool

func init() {
	for _, r := range quoteMarks {
		quoteLeads[string(r)[0]] = true
	}
}
