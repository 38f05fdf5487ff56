package search

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse parses a query of huashu's query language (docs/query.md) into its syntax tree. It
// knows nothing of the index: field names are checked later, by Compile. An empty query, or
// one made of spaces only, is a MatchAll.
//
// The language is bleve's query string (field:value, "phrases", /regexp/, wild*cards, ~fuzzy,
// ^boost, >, >=, <, <= ranges, +/- prefixes) with AND, OR, NOT and parentheses added. Clauses
// side by side must all hold (an implicit AND); NOT binds tighter than AND, AND tighter
// than OR. A field before parentheses applies to every clause inside: frame:(bubble OR hype).
//
// A mistake comes back as an *Error whose Offset is a byte offset into query.
func Parse(query string) (Node, error) {
	for i, r := range query {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(query[i:]); size == 1 {
				return nil, Errorf(query, i, "invalid UTF-8 byte %#x", query[i])
			}
		}
	}
	p := &parser{src: query}
	p.skipSpace()
	if p.atEnd() {
		return &MatchAll{Start: 0, End: len(query)}, nil
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.atEnd() {
		// parseOr stops only at the end or at a ')' it cannot match.
		return nil, p.errorf(p.pos, "unbalanced parenthesis: ')' without '('")
	}
	return n, nil
}

// Node is a node of a query's syntax tree: *MatchAll, *And, *Or, *Not or *Clause.
type Node interface {
	// Span returns the node's byte offsets into the query, end exclusive.
	Span() (start, end int)
	// format writes the node in canonical query syntax.
	format(b *strings.Builder)
}

// MatchAll matches every document: the empty query and "*".
type MatchAll struct {
	// Start and End are byte offsets into the query, end exclusive.
	Start, End int
}

// And holds when every one of Args holds. It comes from AND or from clauses side by side.
type And struct {
	Args []Node
	// Start and End are byte offsets into the query, end exclusive.
	Start, End int
}

// Or holds when any of Args holds.
type Or struct {
	Args []Node
	// Start and End are byte offsets into the query, end exclusive.
	Start, End int
}

// Not holds when Arg does not. It comes from NOT or from a '-' prefix.
type Not struct {
	Arg Node
	// Start and End are byte offsets into the query, end exclusive.
	Start, End int
}

// Kind is the kind of a clause's value.
type Kind int

// Kinds of value.
const (
	// Word is a bare word: 泡沫, bubble, 2024-02.
	Word Kind = iota
	// Phrase is a quoted string: "遥遥领先".
	Phrase
	// Wildcard is a word with an unescaped * or ?: 概念*.
	Wildcard
	// Regexp is a word between slashes: /泡沫.*/. Value holds the expression without them.
	Regexp
	// Range is a comparison: >2, >="2024-02-01", <=0.5, =3. Op holds the operator.
	Range
)

var kindNames = [...]string{Word: "word", Phrase: "phrase", Wildcard: "wildcard", Regexp: "regexp", Range: "range"}

// String returns the kind's name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Clause is one condition: an optional field, a value and its modifiers.
type Clause struct {
	// Field is the field as written ("frame", "stance.us_ai", "meta.lang"); "" for the
	// default fields (jieba words for a word, the exact field for a phrase).
	Field string
	Kind  Kind
	// Op is the comparison of a Range: ">", ">=", "<", "<=" or "=".
	Op string
	// Value is the value with its escapes resolved (a Regexp's is kept as written).
	Value string
	// Boost is the ^N suffix; 0 when absent.
	Boost float64
	// Fuzziness is the ~N suffix (~ alone is 1); 0 when absent.
	Fuzziness int

	// Start and End are byte offsets into the query, end exclusive, of the whole clause;
	// FieldStart is the offset of the field name (the parenthesised field of a group, for a
	// clause inside field:(…)), ValueStart the offset of the value, after any operator.
	Start, End, FieldStart, ValueStart int
}

// Span implements Node.
func (n *MatchAll) Span() (int, int) { return n.Start, n.End }

// Span implements Node.
func (n *And) Span() (int, int) { return n.Start, n.End }

// Span implements Node.
func (n *Or) Span() (int, int) { return n.Start, n.End }

// Span implements Node.
func (n *Not) Span() (int, int) { return n.Start, n.End }

// Span implements Node.
func (n *Clause) Span() (int, int) { return n.Start, n.End }

// Error is a mistake in a query, at a place.
type Error struct {
	// Name names the query in the message: "query" unless set (a saved query's file).
	Name string
	// Offset is a byte offset into the query; Line and Column (1-based, Column counted in
	// characters) are computed from it.
	Offset       int
	Line, Column int
	Msg          string
}

// Error formats the error as name:line:column: message.
func (e *Error) Error() string {
	name := e.Name
	if name == "" {
		name = "query"
	}
	return fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Column, e.Msg)
}

// Errorf returns an *Error at byte offset off of query, with its line and column computed.
func Errorf(query string, off int, format string, args ...any) *Error {
	line, col := LineColumn(query, off)
	return &Error{Offset: off, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// LineColumn returns the 1-based line and column of byte offset off in s; the column counts
// characters (code points), an invalid byte counting as one. An offset past the end is
// clamped to the end.
func LineColumn(s string, off int) (line, col int) {
	if off > len(s) {
		off = len(s)
	}
	line, col = 1, 1
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

type parser struct {
	src string
	pos int // byte offset into src
	// field and fieldStart are those of the innermost field:(…) group, "" outside any.
	field      string
	fieldStart int
	depth      int
}

const maxDepth = 200

func (p *parser) errorf(off int, format string, args ...any) error {
	return Errorf(p.src, off, format, args...)
}

func (p *parser) atEnd() bool { return p.pos >= len(p.src) }

func (p *parser) peek() rune {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return r
}

func (p *parser) skipSpace() {
	for !p.atEnd() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += size
	}
}

// isDelim tells whether r ends a bare word wherever it stands.
func isDelim(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"'
}

// keyword tells whether the operator word kw (AND, OR, NOT) stands at the current position,
// as a whole word.
func (p *parser) keyword(kw string) bool {
	if !strings.HasPrefix(p.src[p.pos:], kw) {
		return false
	}
	rest := p.src[p.pos+len(kw):]
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return isDelim(r)
}

// endOfOperand tells whether nothing that can start an operand follows: the end, a ')' or
// a binary operator.
func (p *parser) endOfOperand() bool {
	return p.atEnd() || p.peek() == ')' || p.keyword("OR") || p.keyword("AND")
}

// parseOr parses and ( OR and )*.
func (p *parser) parseOr() (Node, error) {
	start := p.pos
	var args []Node
	for {
		p.skipSpace()
		opPos := p.pos
		if p.keyword("OR") {
			if len(args) == 0 {
				return nil, p.errorf(opPos, "OR needs a query before it")
			}
			p.pos += len("OR")
			p.skipSpace()
			if p.endOfOperand() {
				return nil, p.errorf(opPos, "OR needs a query after it")
			}
		} else if len(args) > 0 {
			break
		}
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if n == nil {
			break
		}
		args = append(args, n)
	}
	if len(args) == 0 {
		if p.atEnd() {
			return nil, p.errorf(start, "empty query")
		}
		return nil, p.errorf(p.pos, "unbalanced parenthesis: ')' without '('")
	}
	if len(args) == 1 {
		return args[0], nil
	}
	return &Or{Args: args, Start: spanStart(args[0]), End: spanEnd(args[len(args)-1])}, nil
}

// parseAnd parses unary ( [AND] unary )*; it returns nil when no operand stands here.
func (p *parser) parseAnd() (Node, error) {
	var args []Node
	for {
		p.skipSpace()
		if p.atEnd() || p.peek() == ')' || p.keyword("OR") {
			break
		}
		if p.keyword("AND") {
			opPos := p.pos
			if len(args) == 0 {
				return nil, p.errorf(opPos, "AND needs a query before it")
			}
			p.pos += len("AND")
			p.skipSpace()
			if p.endOfOperand() {
				return nil, p.errorf(opPos, "AND needs a query after it")
			}
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		args = append(args, n)
	}
	switch len(args) {
	case 0:
		return nil, nil
	case 1:
		return args[0], nil
	}
	return &And{Args: args, Start: spanStart(args[0]), End: spanEnd(args[len(args)-1])}, nil
}

// parseUnary parses NOT unary | -primary | +primary | primary.
func (p *parser) parseUnary() (Node, error) {
	start := p.pos
	if p.depth++; p.depth > maxDepth {
		return nil, p.errorf(start, "query nested too deeply (more than %d levels)", maxDepth)
	}
	defer func() { p.depth-- }()
	if p.keyword("NOT") {
		p.pos += len("NOT")
		p.skipSpace()
		if p.endOfOperand() {
			return nil, p.errorf(start, "NOT needs a query after it")
		}
		arg, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &Not{Arg: arg, Start: start, End: spanEnd(arg)}, nil
	}
	if c := p.peek(); c == '-' || c == '+' {
		p.pos++
		if p.atEnd() || isDelim(p.peek()) && p.peek() != '(' && p.peek() != '"' {
			return nil, p.errorf(start, "%c needs a query right after it, with no space", c)
		}
		if c == '+' {
			return p.parsePrimary()
		}
		arg, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		return &Not{Arg: arg, Start: start, End: spanEnd(arg)}, nil
	}
	return p.parsePrimary()
}

// parsePrimary parses ( or ) | clause.
func (p *parser) parsePrimary() (Node, error) {
	if p.peek() == '(' {
		return p.parseGroup(p.pos)
	}
	return p.parseClause()
}

// parseGroup parses a parenthesised query whose '(' is at the current position; start is
// where the node begins (the field of a field:(…) group).
func (p *parser) parseGroup(start int) (Node, error) {
	open := p.pos
	p.pos++
	p.skipSpace()
	if p.atEnd() {
		return nil, p.errorf(open, "unbalanced parenthesis: '(' without ')'")
	}
	if p.peek() == ')' {
		return nil, p.errorf(open, "empty parentheses")
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.atEnd() {
		return nil, p.errorf(open, "unbalanced parenthesis: '(' without ')'")
	}
	p.pos++ // ')'
	setSpan(n, start, p.pos)
	return n, nil
}

// setSpan widens a group's node to cover its parentheses (and field).
func setSpan(n Node, start, end int) {
	switch n := n.(type) {
	case *And:
		n.Start, n.End = start, end
	case *Or:
		n.Start, n.End = start, end
	case *Not:
		n.Start, n.End = start, end
	}
}

// parseClause parses [field:]value[^boost][~fuzziness], or a phrase, or *.
func (p *parser) parseClause() (Node, error) {
	start := p.pos
	c := &Clause{Start: start, Field: p.field, FieldStart: p.fieldStart}
	if p.peek() == '"' {
		return p.finishClause(c, start)
	}
	word, hasColon, err := p.scanWord(false)
	if err != nil {
		return nil, err
	}
	if !hasColon {
		if word.raw == "*" && p.field == "" {
			if err := p.suffixes(c); err != nil {
				return nil, err
			}
			return &MatchAll{Start: start, End: p.pos}, nil
		}
		c.Kind, c.Value, c.ValueStart = word.kind(), word.value(), start
		if err := p.suffixes(c); err != nil {
			return nil, err
		}
		c.End = p.pos
		return c, nil
	}
	// A field name.
	if word.text == "" {
		return nil, p.errorf(start, "missing field name before ':'")
	}
	if p.field != "" {
		return nil, p.errorf(start, "field %s: inside %s:(…); a group's field applies to every clause in it", word.text, p.field)
	}
	c.Field, c.FieldStart = word.text, start
	p.pos++ // ':'
	if p.atEnd() || unicode.IsSpace(p.peek()) || p.peek() == ')' {
		return nil, p.errorf(start, "missing value after %s:", c.Field)
	}
	if p.peek() == '(' {
		outer, outerStart := p.field, p.fieldStart
		p.field, p.fieldStart = c.Field, start
		n, err := p.parseGroup(start)
		p.field, p.fieldStart = outer, outerStart
		return n, err
	}
	return p.finishClause(c, start)
}

// finishClause parses the value of a clause (after its field, if any) and its suffixes.
func (p *parser) finishClause(c *Clause, start int) (Node, error) {
	opPos := p.pos
	for _, op := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(p.src[p.pos:], op) {
			c.Kind, c.Op = Range, op
			p.pos += len(op)
			break
		}
	}
	if c.Op != "" && (p.atEnd() || isDelim(p.peek()) && p.peek() != '"') {
		return nil, p.errorf(opPos, "missing value after %s", c.Op)
	}
	c.ValueStart = p.pos
	if p.peek() == '"' {
		v, err := p.scanPhrase()
		if err != nil {
			return nil, err
		}
		c.Value = v
		if c.Op == "" {
			c.Kind = Phrase
		}
	} else {
		word, _, err := p.scanWord(true)
		if err != nil {
			return nil, err
		}
		if c.Op != "" {
			c.Value = word.text
		} else {
			c.Kind, c.Value = word.kind(), word.value()
		}
	}
	if err := p.suffixes(c); err != nil {
		return nil, err
	}
	c.End = p.pos
	return c, nil
}

// suffixes parses ^boost and ~fuzziness, each at most once, in either order.
func (p *parser) suffixes(c *Clause) error {
	seen := map[rune]bool{}
	for !p.atEnd() {
		r := p.peek()
		if r != '^' && r != '~' {
			return nil
		}
		at := p.pos
		if seen[r] {
			return p.errorf(at, "%c given twice", r)
		}
		seen[r] = true
		p.pos++
		numStart := p.pos
		for !p.atEnd() && !isDelim(p.peek()) && p.peek() != '^' && p.peek() != '~' {
			_, size := utf8.DecodeRuneInString(p.src[p.pos:])
			p.pos += size
		}
		num := p.src[numStart:p.pos]
		if r == '^' {
			if num == "" {
				return p.errorf(at, "missing boost after ^")
			}
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || f <= 0 || f > 1e6 {
				return p.errorf(numStart, "invalid boost %q: want a positive number", num)
			}
			c.Boost = f
			continue
		}
		if c.Kind != Word {
			return p.errorf(at, "~ (fuzzy) applies to a word only")
		}
		c.Fuzziness = 1
		if num != "" {
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || n > 2 {
				return p.errorf(numStart, "invalid fuzziness %q: want 0, 1 or 2", num)
			}
			c.Fuzziness = n
		}
	}
	return nil
}

// scanPhrase reads a quoted string at the current position, resolving \" and \\.
func (p *parser) scanPhrase() (string, error) {
	open := p.pos
	p.pos++
	var b strings.Builder
	for {
		if p.atEnd() {
			return "", p.errorf(open, "unterminated quote")
		}
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case r == '"':
			p.pos += size
			return b.String(), nil
		case r == '\\':
			if p.pos+size >= len(p.src) {
				return "", p.errorf(p.pos, "'\\' at the end of the query escapes nothing")
			}
			p.pos += size
			r, size = utf8.DecodeRuneInString(p.src[p.pos:])
		}
		b.WriteRune(r)
		p.pos += size
	}
}

// word is a bare word as scanned.
type word struct {
	raw      string // as written
	text     string // escapes resolved
	wildcard bool   // has an unescaped * or ?
	regexp   bool   // /…/
}

func (w word) kind() Kind {
	switch {
	case w.regexp:
		return Regexp
	case w.wildcard:
		return Wildcard
	}
	return Word
}

// value returns the clause value: the text, or the expression of a regexp.
func (w word) value() string {
	if w.regexp {
		return w.raw[1 : len(w.raw)-1]
	}
	return w.text
}

// scanWord reads a bare word. Outside a value (value false) it stops at an unescaped ':'
// and reports it with hasColon; in a value a ':' belongs to the word (url:https://…). A word
// also stops at spaces, parentheses, quotes, '^' and '~'.
func (p *parser) scanWord(value bool) (w word, hasColon bool, err error) {
	start := p.pos
	if end := p.regexpEnd(); end > 0 {
		p.pos = end
		w.raw = p.src[start:end]
		w.text, w.regexp = w.raw, true
		return w, false, nil
	}
	var b strings.Builder
	for !p.atEnd() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if isDelim(r) || r == '^' || r == '~' {
			break
		}
		if r == ':' && !value {
			hasColon = true
			break
		}
		if r == '\\' {
			if p.pos+size >= len(p.src) {
				return w, false, p.errorf(p.pos, "'\\' at the end of the query escapes nothing")
			}
			p.pos += size
			r, size = utf8.DecodeRuneInString(p.src[p.pos:])
			b.WriteRune(r)
			p.pos += size
			continue
		}
		if r == '*' || r == '?' {
			w.wildcard = true
		}
		b.WriteRune(r)
		p.pos += size
	}
	w.raw, w.text = p.src[start:p.pos], b.String()
	if w.raw == "" && !hasColon {
		// Only a '^' or '~' with nothing before it can leave the word empty here.
		return w, false, p.errorf(start, "%c needs a word before it", p.peek())
	}
	return w, hasColon, nil
}

// regexpEnd returns the offset just past a /regexp/ that starts at the current position, or
// 0 when none does: a '/', then anything up to the next unescaped '/', which must end the
// word. Escapes inside are kept for the regexp engine.
func (p *parser) regexpEnd() int {
	if p.peek() != '/' {
		return 0
	}
	for i := p.pos + 1; i < len(p.src); i++ {
		switch p.src[i] {
		case '\\':
			i++
		case '/':
			if i == p.pos+1 {
				return 0
			}
			rest := p.src[i+1:]
			r, _ := utf8.DecodeRuneInString(rest)
			if rest == "" || isDelim(r) || r == '^' {
				return i + 1
			}
			return 0
		}
	}
	return 0
}

func spanStart(n Node) int { s, _ := n.Span(); return s }
func spanEnd(n Node) int   { _, e := n.Span(); return e }

// String returns the query in canonical syntax: explicit AND, OR and NOT, nested groups in
// parentheses, values quoted or escaped as needed. Parse(n.String()) gives back the same
// tree (positions aside).
func String(n Node) string {
	var b strings.Builder
	n.format(&b)
	return b.String()
}

func (n *MatchAll) format(b *strings.Builder) { b.WriteString("*") }

func (n *And) format(b *strings.Builder) { formatList(b, n.Args, " AND ") }

func (n *Or) format(b *strings.Builder) { formatList(b, n.Args, " OR ") }

func formatList(b *strings.Builder, args []Node, op string) {
	for i, a := range args {
		if i > 0 {
			b.WriteString(op)
		}
		formatOperand(b, a)
	}
}

// formatOperand writes an operand of AND, OR or NOT, in parentheses if it is a list.
func formatOperand(b *strings.Builder, n Node) {
	switch n.(type) {
	case *And, *Or:
		b.WriteByte('(')
		n.format(b)
		b.WriteByte(')')
	default:
		n.format(b)
	}
}

func (n *Not) format(b *strings.Builder) {
	b.WriteString("NOT ")
	formatOperand(b, n.Arg)
}

func (n *Clause) format(b *strings.Builder) {
	if n.Field != "" {
		b.WriteString(escapeWord(n.Field, true))
		b.WriteByte(':')
	}
	switch n.Kind {
	case Phrase:
		b.WriteString(quote(n.Value))
	case Regexp:
		b.WriteString("/" + n.Value + "/")
	case Wildcard:
		b.WriteString(escapeWildcard(n.Value))
	case Range:
		b.WriteString(n.Op)
		b.WriteString(quote(n.Value))
	default:
		if n.Field == "" && (n.Value == "AND" || n.Value == "OR" || n.Value == "NOT") {
			b.WriteString(`\` + n.Value)
		} else {
			b.WriteString(escapeWord(n.Value, n.Field == ""))
		}
	}
	if n.Fuzziness > 0 {
		b.WriteString("~" + strconv.Itoa(n.Fuzziness))
	}
	if n.Boost > 0 {
		b.WriteString("^" + strconv.FormatFloat(n.Boost, 'g', -1, 64))
	}
}

// quote writes s as a phrase, escaping '"' and '\'.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// escapeWord escapes the characters that would end or change a bare word; colon says whether
// ':' must be escaped (it must outside a field's value).
func escapeWord(s string, colon bool) string {
	var b strings.Builder
	for i, r := range s {
		special := isDelim(r) || strings.ContainsRune(`\^~*?`, r) || colon && r == ':' ||
			i == 0 && strings.ContainsRune("+-/<>=", r)
		if special {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeWildcard escapes a wildcard's value, keeping its * and ? live.
func escapeWildcard(s string) string {
	var b strings.Builder
	for i, r := range s {
		if isDelim(r) || strings.ContainsRune(`\^~:`, r) || i == 0 && strings.ContainsRune("+-/<>=", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
