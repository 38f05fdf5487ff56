package codebook

import (
	"fmt"
	"strings"
)

// Error is one problem found in a codebook, at a place in its file.
type Error struct {
	// File names the codebook file ("default.yml" for the embedded default).
	File string
	// Line and Col are 1-based; Col counts characters (code points). Both are 0 when the
	// place is unknown (a codebook built in memory).
	Line int
	Col  int
	Msg  string
}

// Error formats the error as file:line:col: message, the form editors jump to.
func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in one codebook, in file order, at most one per place.
// Parse returns it as its error when validation fails.
type ErrorList []*Error

// Error joins the errors one a line.
func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap gives the errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}
