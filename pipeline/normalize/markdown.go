package normalize

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Markdown reader is line based, after CommonMark and GitHub's tables, with the leniency
// that real Chinese Markdown needs: emphasis delimiters next to CJK text and full-width
// punctuation pair up (CommonMark's flanking rules would leave **（NMPA）**备案 literal), and a
// link destination may hold spaces and parentheses. It decides what is markup; the emitter
// writes the rest.

// blockKind is what a line of Markdown is.
type blockKind int

const (
	blockBlank   blockKind = iota
	blockText              // paragraph text or a continuation line
	blockHeading           // ATX heading
	blockItem              // list item or footnote definition
	blockRow               // table row
	blockDropped           // a line of markup only: rule, underline, delimiter row, fence, definition
	blockCode              // a line inside a fenced code block
)

// opKind says what the emitter does with a range of the original.
type opKind uint8

const (
	opKeep    opKind = iota
	opDrop           // markup: nothing
	opDropSep        // markup: nothing, or a space where words would run together
	opReplace        // s stands for the range as a whole (an HTML entity)
	opCell           // a space, and the sentence ends (table pipe, <br>)
	opDelim          // an emphasis delimiter run: drop dl bytes at the left, dr at the right
)

// op is one range of the original bytes [from, to) and what becomes of it.
type op struct {
	kind     opKind
	from, to int
	s        string
	dl, dr   int
}

// delim is an emphasis delimiter run waiting to be paired.
type delim struct {
	op          int // index into ops
	ch          byte
	n           int // length of the run
	left, right int // delimiters used from the left (as closer) and from the right (as opener)
	open, close bool
	active      bool
}

func (d *delim) remaining() int { return d.n - d.left - d.right }

// inliner finds the inline markup of one line.
type inliner struct {
	src    string
	lo, hi int // the line's text, for the characters around a delimiter run
	ops    []op
	delims []delim
	// comment is set when an HTML comment opened on the line and did not close.
	comment bool
	// budget bounds the bytes that scans for closing brackets and backticks and the
	// search for emphasis openers may visit on the line, so that a long line of markup
	// that never closes takes linear time; when it is spent, the rest stays text.
	budget int
}

// mdReader holds what the Markdown reader carries from one line to the next.
type mdReader struct {
	e     *emitter
	in    *inliner
	lines []line
	// prev and prevDepth are the kind and blockquote depth of the previous line.
	prev      blockKind
	prevDepth int
	// prevStartA and paraStartA are the analysis offsets where the previous line and the
	// current paragraph begin.
	prevStartA, paraStartA int
	// inFence is set inside a fenced code block opened by fenceN fenceCh characters.
	inFence bool
	fenceCh byte
	fenceN  int
	// comment is set inside an HTML comment that spans lines.
	comment bool
}

// markdown reads the original as Markdown.
func (e *emitter) markdown() {
	r := &mdReader{e: e, in: &inliner{src: e.src}}
	for ln := range lines(e.src) {
		r.lines = append(r.lines, ln)
	}
	for li := range r.lines {
		r.line(li)
	}
}

// line reads line li.
func (r *mdReader) line(li int) {
	e, src, in := r.e, r.e.src, r.in
	ln := r.lines[li]
	s, t := ln.start, ln.end
	startA := len(e.b.buf)
	kind, depth := blockText, r.prevDepth
	switch {
	case r.comment:
		kind = blockDropped
		if k := strings.Index(src[s:t], "-->"); k >= 0 {
			r.comment, in.comment = false, false
			e.drop(s, s+k+3, true)
			e.inline(in, s+k+3, t)
			r.comment = in.comment
		} else {
			e.drop(s, t, false)
		}
	case r.inFence:
		if ch, n, rest := fence(src[s:t]); ch == r.fenceCh && n >= r.fenceN && strings.TrimSpace(rest) == "" {
			r.inFence = false
			kind = blockDropped
			e.drop(s, t, false)
		} else {
			kind = blockCode
			if r.prev != blockCode {
				e.paragraph()
				r.paraStartA = startA
			}
			e.keep(s, t)
		}
	default:
		// Blockquote markers.
		p := s
		depth = 0
		for {
			q := p
			for q < t && q-p < 3 && src[q] == ' ' {
				q++
			}
			if q >= t || src[q] != '>' {
				break
			}
			q++
			if q < t && (src[q] == ' ' || src[q] == '\t') {
				q++
			}
			e.drop(p, q, false)
			p = q
			depth++
		}
		kind = r.block(li, p, t, depth, startA)
		if ch, n, rest := fence(src[p:t]); kind == blockDropped && n > 0 && (ch != '`' || !strings.Contains(rest, "`")) {
			r.inFence, r.fenceCh, r.fenceN = true, ch, n
		}
		r.comment = in.comment
	}
	e.newline(t, ln.next)
	r.prev, r.prevDepth, r.prevStartA = kind, depth, startA
}

// block reads the text [p, t) of line li after its blockquote markers, at blockquote depth
// depth, and returns its kind. startA is where the line begins in the analysis text.
func (r *mdReader) block(li, p, t, depth, startA int) blockKind {
	e, src, in := r.e, r.e.src, r.in
	text := src[p:t]
	trimmed := strings.TrimLeft(text, " \t")
	ind := p + len(text) - len(trimmed)
	kind := blockText
	nextIsDelimiterRow := func() bool {
		return li+1 < len(r.lines) && delimiterRow(src[r.lines[li+1].start:r.lines[li+1].end])
	}
	switch {
	case isBlank(text):
		kind = blockBlank
	case ind-p < 4 && fenceOpen(trimmed):
		kind = blockDropped
	case ind-p < 4 && atxLevel(trimmed) > 0:
		kind = blockHeading
	case ind-p < 4 && (r.prev == blockText || r.prev == blockItem) && depth == r.prevDepth && underline(trimmed):
		// A setext heading: the previous line is the heading and a paragraph of its own.
		kind = blockDropped
		if r.prevStartA > r.paraStartA {
			e.flush()
			e.b.paras = append(e.b.paras, r.prevStartA)
		}
	case ind-p < 4 && thematicBreak(trimmed):
		kind = blockDropped
	case delimiterRow(trimmed):
		kind = blockDropped
	case strings.HasPrefix(trimmed, "|") || strings.Contains(trimmed, "|") && (r.prev == blockRow || nextIsDelimiterRow()):
		kind = blockRow
	case listMarker(trimmed) > 0:
		kind = blockItem
	case refDefinition(trimmed):
		kind = blockDropped
	case strings.HasPrefix(trimmed, "[^") && footnoteLabel(trimmed) > 0:
		kind = blockItem
	}
	brk := kind != blockText || depth != r.prevDepth
	switch r.prev {
	case blockBlank, blockHeading, blockRow, blockDropped, blockCode:
		brk = true
	}
	if brk {
		e.paragraph()
		r.paraStartA = startA
	}
	in.comment = false
	switch kind {
	case blockBlank:
		e.keep(p, t)
	case blockDropped:
		e.drop(p, t, false)
	case blockHeading:
		q := ind + atxLevel(trimmed)
		for q < t && (src[q] == ' ' || src[q] == '\t') {
			q++
		}
		e.drop(p, q, false)
		end := headingEnd(src, q, t)
		e.inline(in, q, end)
		e.drop(end, t, true)
	case blockItem:
		q := ind
		if n := listMarker(trimmed); n > 0 {
			q += n
		} else {
			q += footnoteLabel(trimmed)
		}
		for q < t && (src[q] == ' ' || src[q] == '\t') {
			q++
		}
		if rest := src[q:t]; len(rest) >= 3 && rest[0] == '[' && rest[2] == ']' && strings.ContainsRune(" xX", rune(rest[1])) {
			q += 3 // a task list box
		}
		e.keep(p, ind)
		e.drop(ind, q, false)
		e.inline(in, q, t)
	case blockRow:
		e.keep(p, ind)
		e.row(in, ind, t)
	default:
		e.inline(in, p, t)
	}
	return kind
}

// inline writes the line text [from, to) with its inline markup left out.
func (e *emitter) inline(in *inliner, from, to int) {
	in.reset(from, to)
	in.parse(from, to)
	in.resolve(0)
	e.apply(in.ops)
}

// row writes a table row [from, to): each unescaped pipe ends a cell.
func (e *emitter) row(in *inliner, from, to int) {
	src := e.src
	in.reset(from, to)
	cell := from
	for i := from; i < to; i++ {
		switch src[i] {
		case '\\':
			i++
		case '|': // in GFM a pipe ends the cell even inside a code span; only \| does not
			d0 := len(in.delims)
			in.parse(cell, i)
			in.resolve(d0)
			in.delims = in.delims[:d0]
			in.ops = append(in.ops, op{kind: opCell, from: i, to: i + 1})
			cell = i + 1
		}
	}
	d0 := len(in.delims)
	in.parse(cell, to)
	in.resolve(d0)
	e.apply(in.ops)
}

// apply carries out ops in order.
func (e *emitter) apply(ops []op) {
	for _, o := range ops {
		switch o.kind {
		case opKeep:
			e.keep(o.from, o.to)
		case opDrop:
			e.drop(o.from, o.to, false)
		case opDropSep:
			e.drop(o.from, o.to, true)
		case opReplace:
			e.replace(o.from, o.to, o.s)
		case opCell:
			e.cell(o.from, o.to)
		case opDelim:
			e.drop(o.from, o.from+o.dl, false)
			e.keep(o.from+o.dl, o.to-o.dr)
			e.drop(o.to-o.dr, o.to, false)
		}
	}
}

func (in *inliner) reset(lo, hi int) {
	in.lo, in.hi = lo, hi
	in.budget = 8*(hi-lo) + 4096
	in.ops = in.ops[:0]
	in.delims = in.delims[:0]
}

// add appends an op, merging adjacent kept ranges.
func (in *inliner) add(k opKind, from, to int) {
	if from >= to {
		return
	}
	if k == opKeep {
		if n := len(in.ops); n > 0 && in.ops[n-1].kind == opKeep && in.ops[n-1].to == from {
			in.ops[n-1].to = to
			return
		}
	}
	in.ops = append(in.ops, op{kind: k, from: from, to: to})
}

// parse finds the inline markup of [from, to) and appends ops that cover it.
func (in *inliner) parse(from, to int) {
	src := in.src
	lit := from
	mark := func(i int) {
		in.add(opKeep, lit, i)
	}
	for i := from; i < to; {
		c := src[i]
		switch c {
		case '\\':
			if i+1 < to && asciiPunct(src[i+1]) {
				mark(i)
				in.add(opDrop, i, i+1)
				in.add(opKeep, i+1, i+2)
				i += 2
				lit = i
				continue
			}
		case '`':
			n := run(src, i, to, '`')
			if j := in.closingBackticks(i+n, to, n); j >= 0 {
				mark(i)
				in.add(opDrop, i, i+n)
				in.add(opKeep, i+n, j)
				in.add(opDrop, j, j+n)
				i = j + n
				lit = i
				continue
			}
			i += n
			continue
		case '!':
			if i+1 < to && src[i+1] == '[' {
				if _, end, ok := in.link(i+1, to); ok {
					mark(i)
					in.add(opDropSep, i, end)
					i = end
					lit = i
					continue
				}
			}
		case '[':
			if textEnd, end, ok := in.link(i, to); ok {
				mark(i)
				if src[i+1] == '^' && textEnd+1 == end {
					in.add(opDrop, i, end) // footnote reference
				} else {
					in.add(opDrop, i, i+1)
					d0 := len(in.delims)
					in.parse(i+1, textEnd)
					in.resolve(d0)
					in.delims = in.delims[:d0]
					in.add(opDrop, textEnd, end)
				}
				i = end
				lit = i
				continue
			}
		case '<':
			if end, k := tag(src, i, to); end > i {
				mark(i)
				if k == opCell {
					in.ops = append(in.ops, op{kind: opCell, from: i, to: end})
				} else {
					in.add(k, i, end)
				}
				i = end
				lit = i
				continue
			}
			if strings.HasPrefix(src[i:to], "<!--") {
				mark(i)
				if k := strings.Index(src[i+4:to], "-->"); k >= 0 {
					end := i + 4 + k + 3
					in.add(opDropSep, i, end)
					i = end
					lit = i
					continue
				}
				in.add(opDropSep, i, to)
				in.comment = true
				i = to
				lit = i
				continue
			}
		case '&':
			if end := entity(src, i, to); end > i {
				if s := html.UnescapeString(src[i:end]); s != src[i:end] {
					mark(i)
					in.ops = append(in.ops, op{kind: opReplace, from: i, to: end, s: clean(s)})
					i = end
					lit = i
					continue
				}
			}
		case '{':
			if i+1 < to && (src[i+1] == '#' || src[i+1] == '.') {
				if k := strings.IndexAny(src[i+1:to], "{}"); k >= 0 && src[i+1+k] == '}' {
					mark(i)
					end := i + 1 + k + 1
					in.add(opDropSep, i, end)
					i = end
					lit = i
					continue
				}
			}
		case 'h', 'H', 'w', 'W':
			if end := bareURL(src, i, to); end > i {
				mark(i)
				in.add(opDropSep, i, end)
				i = end
				lit = i
				continue
			}
		case '*', '_', '~':
			n := run(src, i, to, c)
			if c == '~' && n != 2 {
				i += n
				continue
			}
			mark(i)
			prev, next := ' ', ' '
			if i > in.lo {
				prev, _ = utf8.DecodeLastRuneInString(src[in.lo:i])
			}
			if i+n < in.hi {
				next, _ = utf8.DecodeRuneInString(src[i+n : in.hi])
			}
			// CommonMark's flanking rules, except that CJK text or punctuation on either
			// side lifts the rule about punctuation, so that 据**（NMPA）**备 and
			// **日期：**2025 pair as their authors meant.
			left := !unicode.IsSpace(next) && (!punct(next) || cjk(next) || unicode.IsSpace(prev) || punct(prev) || cjk(prev))
			right := !unicode.IsSpace(prev) && (!punct(prev) || cjk(prev) || unicode.IsSpace(next) || punct(next) || cjk(next))
			open, close := left, right
			if c == '_' {
				open = left && (!right || punct(prev))
				close = right && (!left || punct(next))
			}
			in.delims = append(in.delims, delim{op: len(in.ops), ch: c, n: n, open: open, close: close, active: true})
			in.ops = append(in.ops, op{kind: opDelim, from: i, to: i + n})
			i += n
			lit = i
			continue
		}
		if c < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRuneInString(src[i:to])
			i += w
		}
	}
	mark(to)
}

// resolve pairs the delimiter runs from index d0 on, as CommonMark's "process emphasis"
// does, and records in their ops how many delimiters of each run are markup.
func (in *inliner) resolve(d0 int) {
	ds := in.delims
	for ci := d0; ci < len(ds); ci++ {
		cl := &ds[ci]
		if !cl.close || !cl.active {
			continue
		}
		for cl.remaining() > 0 && in.budget > 0 {
			found := -1
			for oi := ci - 1; oi >= d0 && in.budget > 0; oi-- {
				in.budget--
				o := &ds[oi]
				if o.ch != cl.ch || !o.open || !o.active || o.remaining() == 0 {
					continue
				}
				if (o.close || cl.open) && (o.n+cl.n)%3 == 0 && (o.n%3 != 0 || cl.n%3 != 0) {
					continue
				}
				found = oi
				break
			}
			if found < 0 {
				break
			}
			o := &ds[found]
			k := 1
			if o.remaining() >= 2 && cl.remaining() >= 2 {
				k = 2
			}
			o.right += k
			cl.left += k
			for m := found + 1; m < ci; m++ {
				ds[m].active = false
			}
		}
	}
	for _, d := range ds[d0:] {
		in.ops[d.op].dl, in.ops[d.op].dr = d.left, d.right
	}
}

// run returns the length of the run of c at src[i:to].
func run(src string, i, to int, c byte) int {
	n := 0
	for i+n < to && src[i+n] == c {
		n++
	}
	return n
}

// closingBackticks returns where a run of exactly n backticks starts in src[from:to], or -1.
func (in *inliner) closingBackticks(from, to, n int) int {
	src := in.src
	to = in.limit(from, to)
	for j := from; j < to; {
		if src[j] != '`' {
			j++
			continue
		}
		m := run(src, j, to, '`')
		if m == n {
			in.spend(j - from)
			return j
		}
		j += m
	}
	in.spend(to - from)
	return -1
}

// limit returns where a scan of src[from:to] must stop for the budget that is left; the
// caller charges what it scanned with spend.
func (in *inliner) limit(from, to int) int {
	return from + min(to-from, max(in.budget, 0))
}

// spend charges n scanned bytes to the budget.
func (in *inliner) spend(n int) { in.budget -= n }

// link recognizes [text](destination), [text][label] and [^note] at src[i] == '['. It
// returns where the text ends (at its ']') and where the whole ends.
func (in *inliner) link(i, to int) (textEnd, end int, ok bool) {
	src := in.src
	to = in.limit(i, to)
	depth := 0
	j := i
	for ; j < to; j++ {
		switch src[j] {
		case '\\':
			j++
			continue
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	in.spend(j - i)
	if j >= to || src[j] != ']' {
		return 0, 0, false
	}
	textEnd = j
	k := j + 1
	switch {
	case k < to && src[k] == '(':
		depth := 0
		for ; k < to; k++ {
			switch src[k] {
			case '\\':
				k++
				continue
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				in.spend(k - j)
				return textEnd, k + 1, true
			}
		}
		in.spend(k - j)
		return 0, 0, false
	case k < to && src[k] == '[':
		if e := strings.IndexByte(src[k:to], ']'); e >= 0 && !strings.Contains(src[k+1:k+e], "[") {
			in.spend(e)
			return textEnd, k + e + 1, true
		}
		in.spend(to - k)
	case i+1 < to && src[i+1] == '^' && textEnd > i+2:
		return textEnd, textEnd + 1, true
	}
	return 0, 0, false
}

// tag recognizes an autolink <scheme:…> or an HTML tag at src[i] == '<' and returns its end
// (i when there is none) and what becomes of it: opCell for a tag that breaks the line (br,
// p, div, …), opDrop for a tag of inline formatting (b, i, span, …) that may stand inside a
// word, else opDropSep.
func tag(src string, i, to int) (end int, k opKind) {
	j := i + 1
	closing := j < to && src[j] == '/'
	if closing {
		j++
	}
	name := j
	for j < to && (isAlpha(src[j]) || j > name && (isDigit(src[j]) || src[j] == '-')) {
		j++
	}
	if j == name {
		return i, opDrop
	}
	tagName := strings.ToLower(src[name:j])
	// Autolink: a scheme of two or more letters and a colon, or an address with @.
	if !closing && j < to && (src[j] == ':' || src[j] == '@' || src[j] == '.' || src[j] == '+') {
		k := j
		for k < to && src[k] > ' ' && src[k] < 0x7f && src[k] != '<' && src[k] != '>' {
			k++
		}
		if k < to && src[k] == '>' && k-name >= 3 {
			return k + 1, opDropSep
		}
		return i, opDrop
	}
	if j < to && src[j] != '>' && src[j] != ' ' && src[j] != '\t' && src[j] != '/' {
		return i, opDrop
	}
	quote := byte(0)
	for ; j < to; j++ {
		c := src[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			return i, opDrop
		case c == '>':
			switch tagName {
			case "br", "p", "div", "li", "tr", "td", "th", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
				"ul", "ol", "table", "blockquote", "section", "article":
				return j + 1, opCell
			case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
				"kbd", "mark", "q", "ruby", "rb", "rt", "rp", "s", "samp", "small", "span", "strike",
				"strong", "sub", "sup", "time", "u", "var":
				return j + 1, opDrop
			}
			return j + 1, opDropSep
		}
	}
	return i, opDrop
}

// entity recognizes an HTML character reference at src[i] == '&' and returns its end, or i.
func entity(src string, i, to int) int {
	j := i + 1
	if j < to && src[j] == '#' {
		j++
		hex := j < to && (src[j] == 'x' || src[j] == 'X')
		if hex {
			j++
		}
		k := j
		for j < to && j-k < 7 && (isDigit(src[j]) || hex && strings.IndexByte("abcdefABCDEF", src[j]) >= 0) {
			j++
		}
		if j == k {
			return i
		}
	} else {
		k := j
		for j < to && j-k < 32 && (isAlpha(src[j]) || j > k && isDigit(src[j])) {
			j++
		}
		if j == k {
			return i
		}
	}
	if j < to && src[j] == ';' {
		return j + 1
	}
	return i
}

// bareURL recognizes http://, https:// or www. at src[i], at the start of a word, and
// returns the URL's end without trailing punctuation, or i.
func bareURL(src string, i, to int) int {
	if i > 0 && (isAlpha(src[i-1]) || isDigit(src[i-1])) {
		return i
	}
	rest := src[i:to]
	var n int
	switch {
	case hasPrefixFold(rest, "https://"):
		n = 8
	case hasPrefixFold(rest, "http://"):
		n = 7
	case hasPrefixFold(rest, "www."):
		n = 4
	default:
		return i
	}
	j := i + n
	for j < to && src[j] > ' ' && src[j] < 0x7f && strings.IndexByte("<>\"`", src[j]) < 0 {
		if src[j] == '\\' {
			if j+1 >= to || !asciiPunct(src[j+1]) {
				break
			}
			j++
		}
		j++
	}
	if j == i+n || !(isAlpha(src[i+n]) || isDigit(src[i+n])) {
		return i
	}
	opens, closes := strings.Count(src[i:j], "("), strings.Count(src[i:j], ")")
	for j > i+n {
		c := src[j-1]
		if strings.IndexByte(".,:;!?*_~'\"", c) >= 0 {
			j--
			continue
		}
		if c == ')' && opens < closes {
			j--
			closes--
			continue
		}
		break
	}
	return j
}

// fence returns the fence character and length at the start of s (after up to three
// spaces) and the rest of the line, or n = 0.
func fence(s string) (ch byte, n int, rest string) {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 || t == "" || t[0] != '`' && t[0] != '~' {
		return 0, 0, ""
	}
	n = run(t, 0, len(t), t[0])
	if n < 3 {
		return 0, 0, ""
	}
	return t[0], n, t[n:]
}

// fenceOpen reports whether s (left-trimmed) opens a fenced code block.
func fenceOpen(s string) bool {
	ch, n, rest := fence(s)
	return n > 0 && (ch != '`' || !strings.Contains(rest, "`"))
}

// atxLevel returns the number of # of an ATX heading marker at the start of s, or 0.
func atxLevel(s string) int {
	n := run(s, 0, len(s), '#')
	if n == 0 || n > 6 || n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// headingEnd returns where the heading text [from, to) ends without its closing #s.
func headingEnd(src string, from, to int) int {
	end := to
	for end > from && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	k := end
	for k > from && src[k-1] == '#' {
		k--
	}
	if k < end && (k == from || src[k-1] == ' ' || src[k-1] == '\t') {
		for k > from && (src[k-1] == ' ' || src[k-1] == '\t') {
			k--
		}
		return k
	}
	return end
}

// underline reports whether s is a setext heading underline: only = or only -.
func underline(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" || s[0] != '=' && s[0] != '-' {
		return false
	}
	return run(s, 0, len(s), s[0]) == len(s)
}

// thematicBreak reports whether s is three or more of one of * - _ with spaces between.
func thematicBreak(s string) bool {
	var ch byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t':
		case '*', '-', '_':
			if ch != 0 && c != ch {
				return false
			}
			ch = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// delimiterRow reports whether s is a table delimiter row such as |---|:--:|.
func delimiterRow(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "|") || !strings.Contains(s, "-") {
		return false
	}
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	for cell := range strings.SplitSeq(s, "|") {
		cell = strings.TrimSpace(cell)
		cell = strings.TrimPrefix(cell, ":")
		cell = strings.TrimSuffix(cell, ":")
		if cell == "" || strings.Trim(cell, "-") != "" {
			return false
		}
	}
	return true
}

// listMarker returns the length of a list marker (-, *, +, 1., 1)) at the start of s when it
// is followed by a space, a tab or the end of the line, or 0.
func listMarker(s string) int {
	if s == "" {
		return 0
	}
	n := 0
	switch s[0] {
	case '-', '*', '+':
		n = 1
	default:
		for n < len(s) && n < 9 && isDigit(s[n]) {
			n++
		}
		if n == 0 || n >= len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// refDefinition reports whether s is a link reference definition [label]: destination.
func refDefinition(s string) bool {
	if !strings.HasPrefix(s, "[") || strings.HasPrefix(s, "[^") {
		return false
	}
	k := strings.Index(s, "]:")
	if k < 2 || strings.ContainsAny(s[1:k], "[]") {
		return false
	}
	dest := strings.TrimSpace(s[k+2:])
	if dest == "" {
		return false
	}
	first := strings.Fields(dest)[0]
	return strings.Contains(first, "/") || strings.Contains(first, ".") || strings.HasPrefix(first, "<")
}

// footnoteLabel returns the length of a footnote definition label [^x]: at the start of s.
func footnoteLabel(s string) int {
	k := strings.Index(s, "]:")
	if !strings.HasPrefix(s, "[^") || k < 3 || strings.ContainsAny(s[2:k], "[] \t") {
		return 0
	}
	return k + 2
}

// clean makes the replacement of an entity safe for the analysis text.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return r
		case unicode.IsControl(r), r == 0xa0:
			return ' '
		case invisible(r):
			return -1
		}
		return r
	}, s)
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// asciiPunct reports whether c is ASCII punctuation, which a backslash escapes.
func asciiPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlpha(c) && !isDigit(c)
}

// punct reports whether r is punctuation or a symbol for the flanking rules.
func punct(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// cjk reports whether r is a CJK ideograph, kana or hangul, or CJK punctuation.
func cjk(r rune) bool {
	return r >= 0x2e80 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7af || r >= 0xf900 && r <= 0xfaff ||
		r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xffef || r >= 0x20000 && r <= 0x3ffff
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
