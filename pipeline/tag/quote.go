package tag

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
	var stack []rune
	if inQuote {
		stack = append(stack, openQuote)
	}
	top := func() rune {
		if len(stack) == 0 {
			return -1
		}
		return stack[len(stack)-1]
	}
	pop := func() { stack = stack[:len(stack)-1] }
	m := 0
	for i, r := range text {
		for m < len(matches) && matches[m].Start <= i {
			matches[m].Quoted = len(stack) > 0
			m++
		}
		switch r {
		case '“', '‘', '「', '『':
			stack = append(stack, r)
		case '”', '」', '』':
			if len(stack) > 0 {
				pop()
			}
		case '’':
			if t := top(); t == '‘' || t == openQuote {
				pop()
			}
		case '"', '＂':
			if t := top(); t == '"' || t == openQuote {
				pop()
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
