package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/huashu/huashu/pipeline/model"
)

// fields gathers the metadata of one record before it becomes a Document.
type fields struct {
	id string
	// badDate is the date as given when it could not be parsed, for a warning.
	badDate string
	doc     model.Document
}

// set applies one metadata key of a record. value is the value as a string; items holds
// the elements of a list value (nil for a scalar). Known keys (case-insensitive) go to
// the Document's fields; others go to Meta under their own spelling. Empty values are
// dropped; the first of two keys differing only in case wins.
func (f *fields) set(key, value string, items []string) {
	if strings.TrimSpace(value) == "" && len(items) == 0 {
		return
	}
	lower := strings.ToLower(strings.TrimSpace(key))
	switch lower {
	case "id":
		if f.id == "" {
			f.id = strings.TrimSpace(value)
		}
	case "title":
		setOnce(&f.doc.Title, value)
	case "author":
		setOnce(&f.doc.Author, value)
	case "source":
		setOnce(&f.doc.Source, value)
	case "url":
		setOnce(&f.doc.URL, value)
	case "date":
		if f.doc.Date == "" && f.badDate == "" {
			if d, ok := normalizeDate(value); ok {
				f.doc.Date = d
			} else {
				f.doc.Date = strings.TrimSpace(value)
				f.badDate = f.doc.Date
			}
		}
	case "tags":
		if f.doc.Tags != nil {
			return
		}
		if items == nil {
			items = splitTags(value)
		}
		for _, t := range items {
			if t = strings.TrimSpace(t); t != "" {
				f.doc.Tags = append(f.doc.Tags, t)
			}
		}
	default:
		if f.doc.Meta == nil {
			f.doc.Meta = map[string]string{}
		}
		if _, ok := f.doc.Meta[key]; !ok {
			f.doc.Meta[key] = value
		}
	}
}

func setOnce(dst *string, value string) {
	if *dst == "" {
		*dst = strings.TrimSpace(value)
	}
}

// splitTags splits a tag list written as one string: "AI, 芯片；政策".
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；'
	})
}

var (
	// dateRE matches a year, month and day written 2024-02-18, 2024/2/18, 2024.2.18 or
	// 2024年2月18日, with anything after it in the last group.
	dateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|\.(\d{1,2})\.(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)(.*)$`)
	// timeRE matches a time of day that may follow a date: T10:00:00+08:00, " 10:00", "Z".
	timeRE = regexp.MustCompile(`^(?:[Tt]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$`)
	// compactDateRE matches 20240218.
	compactDateRE = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	// dateLayouts are the other date forms accepted, English ones that feeds use.
	dateLayouts = []string{
		"January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006",
		time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC,
	}
)

// normalizeDate returns s as YYYY-MM-DD when it is a date (with or without a time of day;
// the date is taken as written, in the time zone it was written in), else false.
func normalizeDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var y, m, d string
	if g := dateRE.FindStringSubmatch(s); g != nil {
		y = g[1]
		for i := 2; i < 10; i += 2 {
			if g[i] != "" {
				m, d = g[i], g[i+1]
			}
		}
		if rest := g[10]; rest != "" && !timeRE.MatchString(rest) {
			return "", false
		}
	} else if g := compactDateRE.FindStringSubmatch(s); g != nil {
		y, m, d = g[1], g[2], g[3]
	} else {
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.Format(time.DateOnly), true
			}
		}
		return "", false
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return "", false // 2024-02-30, month 13
	}
	return t.Format(time.DateOnly), true
}

// contentHash returns the hex of the first 16 bytes of the SHA-256 of d's ID, text and
// metadata (not its Path or Line), each part length-prefixed so that no two documents
// share an encoding.
func contentHash(d *model.Document) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	put := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	put(d.ID)
	put(d.Text)
	put(d.Title)
	put(d.Author)
	put(d.Source)
	put(d.Date)
	put(d.URL)
	put(strconv.Itoa(len(d.Tags)))
	for _, t := range d.Tags {
		put(t)
	}
	keys := make([]string, 0, len(d.Meta))
	for k := range d.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		put(k)
		put(d.Meta[k])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
