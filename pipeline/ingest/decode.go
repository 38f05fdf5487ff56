package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/huashu/huashu/pipeline/diag"
)

// charset is the encoding of an input file.
type charset int

const (
	utf8Plain charset = iota // UTF-8 (or ASCII) without a byte order mark
	utf8BOM                  // UTF-8 starting with EF BB BF
	utf16LE                  // UTF-16 little endian, starting with FF FE
	utf16BE                  // UTF-16 big endian, starting with FE FF
	gb18030                  // GB18030, the superset of GBK and GB2312
	big5                     // Big5, traditional Chinese (Taiwan, Hong Kong)
)

// headSize is how many leading bytes are searched for NUL bytes and magic numbers.
const headSize = 8 << 10

// rejection is a reason to skip a whole input, with its diagnostic kind.
type rejection struct {
	kind   string
	reason string
}

func (r *rejection) Error() string { return r.reason }

// magics are the leading bytes of binary formats that can hide under a text extension.
var magics = []struct {
	prefix string
	name   string
}{
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"%PDF-", "PDF document"},
	{"PK\x03\x04", "ZIP archive"},
	{"PK\x05\x06", "ZIP archive"},
	{"\x1f\x8b", "gzip archive"},
	{"\xfd7zXZ\x00", "xz archive"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{"\x7fELF", "ELF executable"},
	{"SQLite format 3\x00", "SQLite database"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"},
}

// detect chooses the charset of an input. open returns a reader positioned at the start
// of the input; it is called once for the leading bytes and once more for each full pass
// (a UTF-8 check, then a GB18030 check when the bytes are not UTF-8). partial is true when
// the reader holds only a prefix of the input (standard input), so that a multi-byte
// sequence cut at its end is not an error. A rejection is returned for input to skip; any
// other error is a read error.
func detect(open func() (io.Reader, error), partial bool) (charset, error) {
	r, err := open()
	if err != nil {
		return 0, err
	}
	head := make([]byte, headSize)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return 0, err
	}
	head = head[:n]
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return 0, &rejection{diag.KindBinary, "binary file (" + m.name + ")"}
		}
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return utf16LE, nil
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return utf16BE, nil
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return 0, &rejection{diag.KindBinary, fmt.Sprintf("binary file (NUL byte at offset %d)", i)}
	}
	bom := bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf})

	if r, err = open(); err != nil {
		return 0, err
	}
	off, b, err := firstInvalidUTF8(r, partial)
	if err != nil {
		return 0, err
	}
	if off < 0 {
		if bom {
			return utf8BOM, nil
		}
		return utf8Plain, nil
	}
	if bom {
		return 0, &rejection{diag.KindEncoding, fmt.Sprintf(
			"not valid UTF-8 despite its byte order mark (byte 0x%02X at offset %d)", b, off)}
	}

	// Both legacy charsets of Chinese: Big5 byte pairs are GBK pairs too, so the one whose
	// decoding holds more of the common Chinese characters wins.
	var checks [2]decodeCheck
	for i, cs := range []charset{gb18030, big5} {
		if r, err = open(); err != nil {
			return 0, err
		}
		if checks[i], err = checkDecoding(r, cs, partial); err != nil {
			return 0, err
		}
	}
	gb, b5 := checks[0], checks[1]
	switch {
	case gb.ok() && (!b5.ok() || gb.common*b5.han >= b5.common*gb.han):
		return gb18030, nil
	case b5.ok():
		return big5, nil
	case gb.badOffset == off:
		return 0, &rejection{diag.KindEncoding, fmt.Sprintf(
			"not valid UTF-8, UTF-16, GB18030 or Big5 (byte 0x%02X at offset %d)", b, off)}
	case gb.badOffset >= 0:
		return 0, &rejection{diag.KindEncoding, fmt.Sprintf(
			"not valid UTF-8 (byte 0x%02X at offset %d), UTF-16, GB18030 (byte 0x%02X at offset %d) or Big5",
			b, off, gb.badByte, gb.badOffset)}
	}
	return 0, &rejection{diag.KindEncoding, fmt.Sprintf(
		"not valid UTF-8 (byte 0x%02X at offset %d) and unlikely to be GB18030 "+
			"(%d of %d non-ASCII characters would be control or rare characters) or Big5",
		b, off, gb.odd, gb.nonASCII)}
}

// decodeBytes detects the charset of a whole input held in memory and returns its text
// as UTF-8 without a byte order mark.
func decodeBytes(data []byte) (string, error) {
	cs, err := detect(func() (io.Reader, error) { return bytes.NewReader(data), nil }, false)
	if err != nil {
		return "", err
	}
	switch cs {
	case utf8Plain:
		return string(data), nil
	case utf8BOM:
		return string(data[3:]), nil
	}
	out, _, err := transform.Bytes(decoder(cs), data)
	if err != nil {
		return "", fmt.Errorf("decoding %s: %w", cs, err)
	}
	return string(bytes.TrimPrefix(out, []byte("\ufeff"))), nil
}

// decodeReader returns a reader of r's text as UTF-8, given r's charset; r must be at the
// start of the input. A UTF-8 byte order mark is read and dropped.
func decodeReader(r io.Reader, cs charset) (io.Reader, error) {
	switch cs {
	case utf8Plain:
		return r, nil
	case utf8BOM:
		if _, err := io.CopyN(io.Discard, r, 3); err != nil {
			return nil, err
		}
		return r, nil
	}
	return transform.NewReader(r, decoder(cs)), nil
}

// decoder returns a transformer of cs into UTF-8; UTF-16 byte order marks are removed.
func decoder(cs charset) transform.Transformer {
	switch cs {
	case utf16LE:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case utf16BE:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
	case gb18030:
		return simplifiedchinese.GB18030.NewDecoder()
	case big5:
		return traditionalchinese.Big5.NewDecoder()
	}
	return transform.Nop
}

func (cs charset) String() string {
	return [...]string{"UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "GB18030", "Big5"}[cs]
}

// firstInvalidUTF8 reads r to its end and returns the offset in bytes and the value of its
// first byte that does not belong to a valid UTF-8 sequence, or -1. When partial, a
// sequence cut by the end of r is not counted as invalid.
func firstInvalidUTF8(r io.Reader, partial bool) (int64, byte, error) {
	buf := make([]byte, 64<<10+utf8.UTFMax)
	var base int64 // offset of buf[0] in the input
	kept := 0      // bytes of an unfinished sequence carried to the front of buf
	for {
		n, err := io.ReadFull(r, buf[kept:])
		data := buf[:kept+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return 0, 0, err
		}
		end := len(data)
		if !eof {
			end = completeRunes(data)
		}
		if !utf8.Valid(data[:end]) {
			for i := 0; i < end; {
				c, size := utf8.DecodeRune(data[i:end])
				if c == utf8.RuneError && size <= 1 {
					if partial && eof && !utf8.FullRune(data[i:end]) {
						return -1, 0, nil
					}
					return base + int64(i), data[i], nil
				}
				i += size
			}
		}
		if eof {
			return -1, 0, nil
		}
		kept = copy(buf, data[end:])
		base += int64(end)
	}
}

// completeRunes returns the length of the longest prefix of p that does not end inside a
// UTF-8 sequence that the next bytes could complete.
func completeRunes(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}

// decodeCheck is the outcome of decoding an input in a legacy Chinese charset.
type decodeCheck struct {
	badOffset int64 // offset in bytes of the first byte that does not decode, or -1
	badByte   byte
	nonASCII  int // decoded characters outside ASCII, plus control characters
	odd       int // of those, characters that Chinese text hardly ever holds
	han       int // Chinese characters (Han)
	common    int // of those, characters of commonHanzi
}

// ok reports whether the input decoded and the decoded text looks like text in the
// repertoire of GB2312, GBK and Big5: at most one character in ten is a control character
// or otherwise rare. (User-defined areas never get here: x/text decodes them to U+FFFD, a
// decoding failure.)
func (c decodeCheck) ok() bool {
	return c.badOffset < 0 && c.nonASCII > 0 && c.odd*10 <= c.nonASCII
}

// checkDecoding decodes r to its end in cs (gb18030 or big5) and reports the first
// undecodable byte and how plausible the decoded characters are. When partial, a sequence
// cut by the end of r is ignored.
func checkDecoding(r io.Reader, cs charset, partial bool) (decodeCheck, error) {
	g := decodeCheck{badOffset: -1}
	dec := decoder(cs)
	src := make([]byte, 32<<10)
	// One byte can grow to three: 0x80 alone decodes to €.
	dst := make([]byte, 3*len(src)+utf8.UTFMax)
	var base int64 // offset of src[0] in the input
	kept := 0
	for {
		n, err := io.ReadFull(r, src[kept:])
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return g, err
		}
		chunk := src[:kept+n]
		nDst, nSrc, terr := dec.Transform(dst, chunk, eof && !partial)
		if terr != nil && !errors.Is(terr, transform.ErrShortSrc) {
			return g, fmt.Errorf("decoding %s: %w", cs, terr)
		}
		out := dst[:nDst]
		if bytes.Contains(out, []byte("\ufffd")) {
			if off, ok := firstReplaced(chunk[:nSrc], cs); ok {
				g.badOffset, g.badByte = base+int64(off), chunk[off]
				return g, nil
			}
		}
		for _, c := range string(out) {
			if c >= utf8.RuneSelf || (c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
				g.nonASCII++
				if !gbLikely(c) {
					g.odd++
				}
				if unicode.Is(unicode.Han, c) {
					g.han++
					if commonSet[c] {
						g.common++
					}
				}
			}
		}
		if eof {
			return g, nil
		}
		kept = copy(src, chunk[nSrc:])
		base += int64(nSrc)
	}
}

// firstReplaced decodes p (complete sequences of cs, gb18030 or big5) one character at a
// time and returns the offset of the first byte that decodes to U+FFFD.
func firstReplaced(p []byte, cs charset) (int, bool) {
	dec := decoder(cs)
	var one [2 * utf8.UTFMax]byte // a Big5 pair can decode to two runes
	for i := 0; i < len(p); {
		// Hand the decoder one sequence at a time: 1 byte, or for GB18030 4 when the second
		// byte is a digit, else 2. It consumes a single byte of a sequence it cannot decode.
		size := 1
		if c0 := p[i]; c0 > 0x80 && c0 < 0xff && i+1 < len(p) {
			size = 2
			if c1 := p[i+1]; cs == gb18030 && c1 >= '0' && c1 <= '9' {
				size = 4
			}
		}
		nDst, nSrc, _ := dec.Transform(one[:], p[i:min(i+size, len(p))], true)
		if nSrc == 0 {
			return 0, false
		}
		if bytes.ContainsRune(one[:nDst], utf8.RuneError) {
			return i, true
		}
		i += nSrc
	}
	return 0, false
}

// commonSet holds the characters of commonHanzi.
var commonSet = func() map[rune]bool {
	m := make(map[rune]bool, len(commonHanzi)/3)
	for _, r := range commonHanzi {
		m[r] = true
	}
	return m
}()

// gbRepertoire holds the blocks of GB2312 and GBK beyond ASCII: Chinese characters and
// the punctuation, symbols, pinyin, Greek, Cyrillic and kana that Chinese text uses.
var gbRepertoire = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00a0, Hi: 0x024f, Stride: 1}, // Latin-1 and Latin extended: pinyin, × ÷ °
		{Lo: 0x02c7, Hi: 0x02d9, Stride: 1}, // tone marks ˇ ˉ ˊ ˋ ˙
		{Lo: 0x0391, Hi: 0x03c9, Stride: 1}, // Greek
		{Lo: 0x0401, Hi: 0x0451, Stride: 1}, // Cyrillic
		{Lo: 0x2010, Hi: 0x2bff, Stride: 1}, // punctuation, letterlike, numbers, arrows, math, box drawing, symbols
		{Lo: 0x2e80, Hi: 0x33ff, Stride: 1}, // radicals, CJK punctuation, kana, bopomofo, enclosed CJK
		{Lo: 0x3400, Hi: 0x4dbf, Stride: 1}, // CJK extension A
		{Lo: 0x4e00, Hi: 0x9fff, Stride: 1}, // CJK unified ideographs
		{Lo: 0xf900, Hi: 0xfaff, Stride: 1}, // CJK compatibility ideographs
		{Lo: 0xfe10, Hi: 0xfe1f, Stride: 1}, // vertical forms
		{Lo: 0xfe30, Hi: 0xfe6f, Stride: 1}, // CJK compatibility and small forms
		{Lo: 0xfeff, Hi: 0xfeff, Stride: 1}, // byte order mark
		{Lo: 0xff00, Hi: 0xffef, Stride: 1}, // full-width forms
	},
	R32: []unicode.Range32{
		{Lo: 0x20000, Hi: 0x3134f, Stride: 1}, // CJK extensions B to G
	},
}

// gbLikely reports whether c is a character that Chinese text decoded from GB18030
// plausibly holds.
func gbLikely(c rune) bool {
	return unicode.Is(gbRepertoire, c)
}
