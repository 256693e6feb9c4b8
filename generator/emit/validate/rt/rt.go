// Package rt is the run-time support of generated request validation. The
// validate emitter copies this file into the generated api package (package
// clause and this comment replaced), so it must declare no exported names
// and import only the standard library and github.com/go-faster/jx. It is a
// real package so that it can be tested here.
package rt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/bits"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/go-faster/jx"
)

// maxViolations bounds the violations one request reports.
const maxViolations = 100

// violation is one thing wrong with a request.
type violation struct {
	in, name, pointer, keyword, message string
}

// pathSeg is one step of the JSON pointer to the value being decoded: an
// object key (index < 0) or an array index.
type pathSeg struct {
	key   string // may borrow the request body's bytes (see pushKey)
	index int
}

// vstate collects the violations of one request while its values are
// decoded. Failures inside an alternative being tried (oneOf, anyOf, not)
// are only counted.
type vstate struct {
	errs  []violation
	path  []pathSeg
	mute  int // > 0 while trying alternatives
	fails int // failures seen, muted or not
	in    string
	name  string
	buf   []byte // scratch for building parameter JSON
	pbuf  [8]pathSeg

	malformed string // why the body is not JSON (decodeBody)
}

var vstatePool = sync.Pool{New: func() any { return new(vstate) }}

// newVState takes a cleared vstate from the pool; release returns it.
func newVState() *vstate {
	s := vstatePool.Get().(*vstate)
	s.path = s.pbuf[:0]
	return s
}

// release clears s and returns it to the pool.
func (s *vstate) release() {
	clear(s.errs)
	errs, buf := s.errs[:0], s.buf[:0]
	*s = vstate{errs: errs, buf: buf}
	vstatePool.Put(s)
}

func (s *vstate) push(key string) { s.path = append(s.path, pathSeg{key: key, index: -1}) }

// pushKey pushes a key read from the body; the key is only read while it
// is on the path, and the body outlives the decoding.
func (s *vstate) pushKey(key []byte) { s.path = append(s.path, pathSeg{key: bstr(key), index: -1}) }

func (s *vstate) pushIdx(i int) { s.path = append(s.path, pathSeg{index: i}) }

func (s *vstate) pop() { s.path = s.path[:len(s.path)-1] }

// pointer is the RFC 6901 JSON pointer of the current value.
func (s *vstate) pointer() string {
	if len(s.path) == 0 {
		return ""
	}
	var b strings.Builder
	for _, p := range s.path {
		b.WriteByte('/')
		if p.index >= 0 {
			b.WriteString(strconv.Itoa(p.index))
		} else {
			writeEscaped(&b, p.key)
		}
	}
	return b.String()
}

func writeEscaped(b *strings.Builder, key string) {
	if !strings.ContainsAny(key, "~/") {
		b.WriteString(key)
		return
	}
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1"))
}

// fail records a violation of keyword at the current value.
func (s *vstate) fail(keyword, message string) {
	s.fails++
	if s.mute > 0 || len(s.errs) >= maxViolations {
		return
	}
	s.errs = append(s.errs, violation{in: s.in, name: s.name, pointer: s.pointer(), keyword: keyword, message: message})
}

// failAt records a violation at the child key of the current value.
func (s *vstate) failAt(key, keyword, message string) {
	s.push(key)
	s.fail(keyword, message)
	s.pop()
}

// typeErr records that the value has the wrong JSON type.
func (s *vstate) typeErr(want string, got jx.Type) {
	s.fail("type", "must be "+want+", not "+jsonTypeName(got))
}

func jsonTypeName(t jx.Type) string {
	switch t {
	case jx.String:
		return "a string"
	case jx.Number:
		return "a number"
	case jx.Bool:
		return "a boolean"
	case jx.Null:
		return "null"
	case jx.Array:
		return "an array"
	case jx.Object:
		return "an object"
	}
	return "invalid JSON"
}

// keyName quotes an object key for a message.
func keyName(k []byte) string { return strconv.Quote(string(k)) }

// checkFunc validates one value read from d.
type checkFunc func(s *vstate, d *jx.Decoder) error

// matches reports whether raw passes f, without recording violations.
func (s *vstate) matches(raw []byte, f checkFunc) bool {
	before := s.fails
	s.mute++
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	err := f(s, d)
	jx.PutDecoder(d)
	s.mute--
	ok := err == nil && s.fails == before
	s.fails = before
	return ok
}

// run validates raw with f, recording violations.
func (s *vstate) run(raw []byte, f checkFunc) error {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	err := f(s, d)
	jx.PutDecoder(d)
	return err
}

// bstr is a []byte seen as a string without copying; it must not outlive b.
func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// runeCount is a string's length in Unicode code points.
func runeCount(b []byte) int64 {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return int64(i + utf8.RuneCount(b[i:]))
		}
	}
	return int64(len(b))
}

// jnum is a JSON number: its float64 value (what bounds compare) and, when
// it is an integer literal that fits, its exact int64 value.
type jnum struct {
	raw   []byte
	f     float64
	i     int64
	exact bool // i holds the value exactly
}

// readNum reads a JSON number.
func readNum(d *jx.Decoder) (jnum, error) {
	raw, err := d.Num()
	if err != nil {
		return jnum{}, err
	}
	return parseNum(raw), nil
}

// parseNum parses the text of a valid JSON number.
func parseNum(raw []byte) jnum {
	n := jnum{raw: raw}
	neg := false
	b := raw
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) > 0 && len(b) <= 18 {
		var u int64
		ok := true
		for _, c := range b {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			u = u*10 + int64(c-'0')
		}
		if ok {
			if neg {
				u = -u
			}
			n.i, n.exact, n.f = u, true, float64(u)
			if u > 1<<53 || u < -(1<<53) {
				n.f, _ = strconv.ParseFloat(bstr(raw), 64)
			}
			return n
		}
	}
	n.f, _ = strconv.ParseFloat(bstr(raw), 64)
	if !n.exact {
		if i, err := strconv.ParseInt(bstr(raw), 10, 64); err == nil {
			n.i, n.exact = i, true
		}
	}
	return n
}

// isInt reports whether the number has no fractional part, judged on the
// literal (1.0 and 1e2 are integers, 0.99999999999999999999 is not).
// (The float64 of an integer literal is an integer.)
func (n jnum) isInt() bool {
	return n.exact || n.f == math.Trunc(n.f) && isIntLiteral(n.raw)
}

// toInt converts the number to an integer of the given bit size, reporting
// false when it is not an integer or does not fit.
func (n jnum) toInt(bits int) (int64, bool) {
	var v int64
	switch {
	case n.exact:
		v = n.i
	case n.f != math.Trunc(n.f):
		return 0, false
	default:
		x, ok := readDecimal(bstr(n.raw)).toInt64()
		if !ok {
			return 0, false
		}
		v = x
	}
	if bits < 64 {
		lim := int64(1) << (bits - 1)
		if v < -lim || v >= lim {
			return 0, false
		}
	}
	return v, true
}

// toUint converts the number to an unsigned integer of the given bit size.
func (n jnum) toUint(bits int) (uint64, bool) {
	v, ok := n.toInt(64)
	if !ok || v < 0 {
		return 0, false
	}
	if bits < 64 && uint64(v) >= uint64(1)<<bits {
		return 0, false
	}
	return uint64(v), true
}

// fitsFloat32 reports whether the number is within float32's range.
func (n jnum) fitsFloat32() bool {
	return math.Abs(n.f) <= math.MaxFloat32
}

// decimalDivisor is a multipleOf divisor as an exact decimal: mant * 10^-scale.
type decimalDivisor struct {
	mant  uint64
	scale int
}

// multipleOf reports whether the JSON number is an exact multiple of m.
// Both are decimals, so 0.07 is a multiple of 0.01 (no binary rounding).
func multipleOf(n jnum, m decimalDivisor) bool {
	if m.mant == 0 {
		return true
	}
	if n.exact && m.scale == 0 {
		v := n.i
		if v < 0 {
			v = -v
		}
		return uint64(v)%m.mant == 0
	}
	mant, exp, ok := decimalOf(n.raw)
	if !ok {
		return decimalMultipleOf(n.raw, m)
	}
	// value = mant * 10^exp; divisor = m.mant * 10^-m.scale.
	// quotient integral <=> mant * 10^(exp+scale) divisible by m.mant.
	shift := exp + m.scale
	if mant == 0 {
		return true
	}
	if shift < 0 {
		// mant has no trailing zero, so mant / (m.mant * 10^-shift) is
		// never an integer.
		return false
	}
	for ; shift > 0; shift-- {
		if mant > math.MaxUint64/10 {
			return decimalMultipleOf(n.raw, m)
		}
		mant *= 10
	}
	return mant%m.mant == 0
}

// decimalOf splits the text of a JSON number into an integer mantissa
// without trailing zeros and a power of ten, dropping the sign. ok is false
// when the mantissa does not fit in 19 digits.
func decimalOf(raw []byte) (mant uint64, exp int, ok bool) {
	i := 0
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	nd, zeros := 0, 0
	frac := false
	for ; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '.':
			frac = true
			continue
		case c == 'e' || c == 'E':
			e, err := strconv.Atoi(bstr(raw[i+1:]))
			if err != nil || e > 400 || e < -400 {
				return 0, 0, false
			}
			return mant, exp + zeros + e, true
		}
		if frac {
			exp--
		}
		d := uint64(c - '0')
		if d == 0 {
			if mant != 0 {
				zeros++
			}
			continue
		}
		for ; zeros > 0; zeros-- {
			if nd >= 19 {
				return 0, 0, false
			}
			mant *= 10
			nd++
		}
		if nd >= 19 {
			return 0, 0, false
		}
		mant = mant*10 + d
		nd++
	}
	return mant, exp + zeros, true
}

// decimalMultipleOf is multipleOf for any JSON number text, in one pass
// over its digits: the digits are reduced modulo the divisor's mantissa as
// they are read and the power of ten is applied by modular exponentiation,
// so a number of a million digits, or with an exponent of a billion, costs
// time linear in its text and no big-number arithmetic (which is
// quadratic in the digits).
func decimalMultipleOf(raw []byte, m decimalDivisor) bool {
	const expCap = 1 << 40 // an exponent beyond this is as good as infinite here
	var (
		r          uint64 // the digits before acc, modulo m.mant
		acc        uint64 // the last chunk digits, not yet folded into r
		chunk      int    // how many digits acc holds (at most 18)
		rLast      uint64 // the digits up to the last non-zero one, modulo m.mant
		zerosAfter int64  // zeros after the last non-zero digit
		exp        int64  // the power of ten of the last digit
		nonZero    bool
		frac       bool
	)
	i := 0
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == '.' {
			frac = true
			continue
		}
		if c == 'e' || c == 'E' {
			i++
			neg := false
			if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
				neg = raw[i] == '-'
				i++
			}
			var e int64
			for ; i < len(raw); i++ {
				if e < expCap {
					e = e*10 + int64(raw[i]-'0')
				}
			}
			if neg {
				e = -e
			}
			exp += e
			break
		}
		if frac {
			exp--
		}
		if c == '0' {
			zerosAfter++
			continue
		}
		// A non-zero digit: fold in the zeros before it and the digit,
		// 18 digits per division.
		if zerosAfter > 0 {
			r = mulAddMod(r, pow10[chunk], acc, m.mant)
			acc, chunk = 0, 0
			for zerosAfter > 0 {
				k := min(zerosAfter, 18)
				r = mulAddMod(r, pow10[k], 0, m.mant)
				zerosAfter -= k
			}
		}
		if chunk == 18 {
			r = mulAddMod(r, pow10[18], acc, m.mant)
			acc, chunk = 0, 0
		}
		acc = acc*10 + uint64(c-'0')
		chunk++
		nonZero = true
	}
	rLast = mulAddMod(r, pow10[chunk], acc, m.mant)
	if !nonZero {
		return true // zero is a multiple of everything
	}
	// value = D * 10^(exp+zerosAfter), D the digits up to the last non-zero
	// one (D mod 10 != 0); divisor = m.mant * 10^-m.scale. The quotient
	// D * 10^shift / m.mant is an integer only if shift >= 0 (10 does not
	// divide D) and m.mant divides D * 10^shift.
	shift := exp + zerosAfter + int64(m.scale)
	if shift < 0 {
		return false
	}
	return mulAddMod(rLast, pow10Mod(shift, m.mant), 0, m.mant) == 0
}

// pow10 holds 10^0 to 10^19.
var pow10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// mulAddMod is (a*b + c) mod m (with a 128-bit intermediate).
func mulAddMod(a, b, c, m uint64) uint64 {
	hi, lo := bits.Mul64(a%m, b%m)
	lo, carry := bits.Add64(lo, c%m, 0)
	hi += carry
	_, rem := bits.Div64(hi%m, lo, m)
	return rem
}

// pow10Mod is 10^e mod m, by squaring.
func pow10Mod(e int64, m uint64) uint64 {
	result, base := 1%m, 10%m
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			result = mulAddMod(result, base, 0, m)
		}
		base = mulAddMod(base, base, 0, m)
	}
	return result
}

// Formats.

// isEmail accepts an RFC 5321 mailbox: a dot-atom local part (no dot at
// its start or end, no two dots in a row, no space) or a quoted string,
// an @, and a host name or an address literal ([IPv4] or [IPv6:...]).
func isEmail(b []byte) bool {
	at := bytes.LastIndexByte(b, '@')
	if at <= 0 || at == len(b)-1 || len(b) > 320 {
		return false
	}
	local, domain := b[:at], b[at+1:]
	if local[0] == '"' {
		if len(local) < 2 || local[len(local)-1] != '"' {
			return false
		}
		for i := 1; i < len(local)-1; i++ {
			c := local[i]
			switch {
			case c == '\\':
				i++
			case c == '"' || c < ' ' || c == 0x7f:
				return false
			}
		}
	} else {
		if local[0] == '.' || local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) {
			return false
		}
		for _, c := range local {
			if !atext(c) && c != '.' {
				return false
			}
		}
	}
	if domain[0] == '[' && domain[len(domain)-1] == ']' {
		lit := domain[1 : len(domain)-1]
		if v6, ok := bytes.CutPrefix(lit, []byte("IPv6:")); ok {
			return isIPv6(v6)
		}
		return isIPv4(lit)
	}
	return isHostname(domain)
}

// atext reports whether c may appear unquoted in an e-mail local part.
func atext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return c >= 0x80 || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// parseUUID reads the 8-4-4-4-12 hexadecimal form.
func parseUUID(b []byte) ([16]byte, bool) {
	var u [16]byte
	if len(b) != 36 || b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-' {
		return u, false
	}
	j := 0
	for i := 0; i < 36; {
		if b[i] == '-' {
			i++
			continue
		}
		hi, ok1 := unhexDigit(b[i])
		lo, ok2 := unhexDigit(b[i+1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[j] = hi<<4 | lo
		j++
		i += 2
	}
	return u, true
}

func unhexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func ndigits(b []byte, n int) (int, bool) {
	if len(b) < n {
		return 0, false
	}
	v := 0
	for _, c := range b[:n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// parseDate reads an RFC 3339 full-date (YYYY-MM-DD) whose day exists.
func parseDate(b []byte) (time.Time, bool) {
	if len(b) != 10 {
		return time.Time{}, false
	}
	y, m, d, ok := dateParts(b)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func dateParts(b []byte) (y, m, d int, ok bool) {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := ndigits(b, 4)
	m, ok2 := ndigits(b[5:], 2)
	d, ok3 := ndigits(b[8:], 2)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// timeParts reads an RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM).
// A leap second (60) is accepted at 23:59:60 UTC only.
func timeParts(b []byte) (h, mi, sec, nsec, offset int, ok bool) {
	if len(b) < 9 || b[2] != ':' || b[5] != ':' {
		return
	}
	var ok1, ok2, ok3 bool
	h, ok1 = ndigits(b, 2)
	mi, ok2 = ndigits(b[3:], 2)
	sec, ok3 = ndigits(b[6:], 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 60 {
		return
	}
	rest := b[8:]
	if rest[0] == '.' {
		i := 1
		scale := 100000000
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			nsec += int(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return
		}
		rest = rest[i:]
	}
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := ndigits(rest[1:], 2)
		om, ok2 := ndigits(rest[4:], 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return
	}
	if sec == 60 && ((h*60+mi-offset/60)%1440+1440)%1440 != 23*60+59 {
		return // a leap second is the last second of a UTC day
	}
	return h, mi, sec, nsec, offset, true
}

// parseDateTime reads an RFC 3339 date-time (T and Z in either case, as
// RFC 3339 section 5.6 allows).
func parseDateTime(b []byte) (time.Time, bool) {
	if len(b) < 20 || (b[10] != 'T' && b[10] != 't') {
		return time.Time{}, false
	}
	y, m, d, ok := dateParts(b[:10])
	if !ok {
		return time.Time{}, false
	}
	h, mi, sec, nsec, off, ok := timeParts(b[11:])
	if !ok {
		return time.Time{}, false
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", off)
	}
	return time.Date(y, time.Month(m), d, h, mi, sec, nsec, loc), true
}

func isTime(b []byte) bool {
	_, _, _, _, _, ok := timeParts(b)
	return ok
}

// isURI accepts an absolute URI (with a scheme) that net/url parses and
// whose characters RFC 3986 allows: ASCII only, no space, no \ " < > ^ `
// { } |, percent signs followed by two hex digits, square brackets only
// around an IP literal host.
func isURI(b []byte) bool {
	for i, c := range b {
		switch {
		case c <= ' ' || c >= 0x7f || strings.IndexByte("\\\"<>^`{}|", c) >= 0:
			return false
		case c == '%':
			if i+2 >= len(b) {
				return false
			}
			if _, ok := unhexDigit(b[i+1]); !ok {
				return false
			}
			if _, ok := unhexDigit(b[i+2]); !ok {
				return false
			}
		}
	}
	u, err := url.Parse(string(b))
	if err != nil || u.Scheme == "" {
		return false
	}
	if bytes.ContainsAny(b, "[]") {
		// Brackets belong around an IP literal host only.
		return u.Host != "" && strings.HasPrefix(u.Host, "[") && strings.Count(string(b), "[") == 1
	}
	return true
}

// isHostname accepts an RFC 1123 host name.
func isHostname(b []byte) bool {
	if len(b) == 0 || len(b) > 253 {
		return false
	}
	label := 0
	for i, c := range b {
		switch {
		case c == '.':
			if label == 0 || b[i-1] == '-' {
				return false
			}
			label = 0
			continue
		case c == '-':
			if label == 0 {
				return false
			}
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
		label++
		if label > 63 {
			return false
		}
	}
	if label == 0 || b[len(b)-1] == '-' {
		return false
	}
	for rest := b; len(rest) > 0; {
		l := rest
		if i := bytes.IndexByte(rest, '.'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		// An A-label (RFC 5890) must decode to a valid U-label.
		if len(l) >= 4 && (l[0] == 'x' || l[0] == 'X') && (l[1] == 'n' || l[1] == 'N') && l[2] == '-' && l[3] == '-' && !isULabel(l[4:]) {
			return false
		}
	}
	return true
}

func isIPv4(b []byte) bool {
	a, err := netip.ParseAddr(bstr(b))
	return err == nil && a.Is4()
}

// isIPv6 accepts an IPv6 address without a zone (a zone id names an
// interface of one machine, it is not part of the address).
func isIPv6(b []byte) bool {
	a, err := netip.ParseAddr(bstr(b))
	return err == nil && a.Is6() && a.Zone() == ""
}

// decodeByte decodes standard base64 with padding (format: byte).
func decodeByte(b []byte) ([]byte, bool) {
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	n, err := base64.StdEncoding.Strict().Decode(out, b)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

func isByte(b []byte) bool {
	if len(b)%4 != 0 {
		return false
	}
	_, ok := decodeByte(b)
	return ok
}

// Composite values.

// canonJSON writes a canonical form of the JSON value read from d: object keys
// sorted, numbers as float64, strings unescaped. Two values are equal as
// JSON exactly when their canonical forms are.
func canonJSON(d *jx.Decoder, out []byte) ([]byte, error) {
	switch d.Next() {
	case jx.String:
		v, err := d.StrBytes()
		if err != nil {
			return out, err
		}
		out = append(out, 's')
		out = strconv.AppendQuote(out, bstr(v))
		return out, nil
	case jx.Number:
		n, err := readNum(d)
		if err != nil {
			return out, err
		}
		out = append(out, 'n')
		return strconv.AppendFloat(out, n.f, 'g', -1, 64), nil
	case jx.Bool:
		v, err := d.Bool()
		if err != nil {
			return out, err
		}
		if v {
			return append(out, 't'), nil
		}
		return append(out, 'f'), nil
	case jx.Null:
		return append(out, 'z'), d.Null()
	case jx.Array:
		out = append(out, '[')
		it, err := d.ArrIter()
		if err != nil {
			return out, err
		}
		for it.Next() {
			if out, err = canonJSON(d, out); err != nil {
				return out, err
			}
			out = append(out, ',')
		}
		return append(out, ']'), it.Err()
	case jx.Object:
		type kv struct{ k, v string }
		var kvs []kv
		it, err := d.ObjIter()
		if err != nil {
			return out, err
		}
		for it.Next() {
			k := string(it.Key())
			v, err := canonJSON(d, nil)
			if err != nil {
				return out, err
			}
			kvs = append(kvs, kv{k, string(v)})
		}
		if err := it.Err(); err != nil {
			return out, err
		}
		sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		out = append(out, '{')
		for i, x := range kvs {
			if i > 0 && kvs[i-1].k == x.k {
				continue // a repeated key: the last one is kept
			}
			out = strconv.AppendQuote(out, x.k)
			out = append(out, ':')
			out = append(out, x.v...)
			out = append(out, ',')
		}
		return append(out, '}'), nil
	}
	return out, d.Skip()
}

// canonOf is the canonical form of raw.
func canonOf(raw []byte) string {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	out, _ := canonJSON(d, nil)
	jx.PutDecoder(d)
	return string(out)
}

// uniqueItems reports whether the JSON array raw has no two equal items.
func uniqueItems(raw []byte) bool {
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	it, err := d.ArrIter()
	if err != nil {
		return true
	}
	var items []string
	for it.Next() {
		c, err := canonJSON(d, nil)
		if err != nil {
			return true
		}
		items = append(items, string(c))
	}
	if len(items) < 2 {
		return true
	}
	if len(items) <= 16 {
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if items[i] == items[j] {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]struct{}, len(items))
	for _, x := range items {
		if _, dup := seen[x]; dup {
			return false
		}
		seen[x] = struct{}{}
	}
	return true
}

// discriminatorOf finds the string value of the property name in the JSON
// object raw. found is false when the property is absent; isString is false
// when it is not a string; clash is true when the object gives the name
// twice, or also in another letter case (encoding/json, which the union
// accessors use, would read either: see caseVariant).
func discriminatorOf(raw []byte, name string) (value string, found, isString, clash bool) {
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	it, err := d.ObjIter()
	if err != nil {
		return "", false, false, false
	}
	for it.Next() {
		if k := it.Key(); string(k) != name {
			if strings.EqualFold(bstr(k), name) {
				clash = true
			}
			if d.Skip() != nil {
				return "", false, false, clash
			}
			continue
		}
		if found {
			clash = true
		}
		found = true
		if d.Next() != jx.String {
			isString = false
			value = ""
			if d.Skip() != nil {
				return "", found, false, clash
			}
			continue
		}
		v, err := d.Str()
		if err != nil {
			return "", found, false, clash
		}
		value, isString = v, true
	}
	return value, found, isString, clash
}

// decodeAny decodes any JSON value as encoding/json does into an any.
func decodeAny(d *jx.Decoder) (any, error) {
	switch d.Next() {
	case jx.String:
		return d.Str()
	case jx.Number:
		n, err := readNum(d)
		return n.f, err
	case jx.Bool:
		return d.Bool()
	case jx.Null:
		return nil, d.Null()
	case jx.Array:
		out := []any{}
		it, err := d.ArrIter()
		if err != nil {
			return nil, err
		}
		for it.Next() {
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, it.Err()
	case jx.Object:
		out := map[string]any{}
		it, err := d.ObjIter()
		if err != nil {
			return nil, err
		}
		for it.Next() {
			k := string(it.Key())
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, it.Err()
	}
	return nil, d.Skip()
}

// bindJSON decodes raw into v with encoding/json, for Go types the
// generated code does not fill itself; raw has already been validated.
func (s *vstate) bindJSON(raw []byte, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		s.fail("type", "cannot be represented in the service's Go type")
	}
}

// Parameters.

// paramKind tells how a parameter's text becomes a JSON value.
type paramKind uint8

const (
	asString paramKind = iota // always a JSON string
	asNumber                  // a JSON number when it reads as one, else a string
	asBool                    // true or false when it reads as one, else a string
	asAuto                    // number, boolean or null when it reads as one, else a string
)

// appendParam appends text as the JSON value kind says.
func appendParam(out []byte, text string, kind paramKind) []byte {
	switch kind {
	case asNumber, asAuto:
		if isNumberText(text) {
			if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsInf(f, 0) {
				if isJSONNumber(text) {
					return append(out, text...)
				}
				return strconv.AppendFloat(out, f, 'g', -1, 64)
			}
		}
		if kind == asNumber {
			break
		}
		if text == "true" || text == "false" || text == "null" {
			return append(out, text...)
		}
	case asBool:
		if text == "true" || text == "false" {
			return append(out, text...)
		}
	}
	return appendJSONString(out, text)
}

func isNumberText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// isJSONNumber reports whether s is a number in JSON's own syntax.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

func appendJSONString(out []byte, s string) []byte {
	e := jx.GetEncoder()
	e.Str(s)
	out = append(out, e.Bytes()...)
	jx.PutEncoder(e)
	return out
}

// splitStyle splits a parameter's text into its values per style; explode
// applies to repeated keys, handled by the caller. An empty text is one
// empty value (which an array's item schema then judges), as kin-openapi
// reads it.
func splitStyle(text, sep string) []string {
	return strings.Split(text, sep)
}

// paramArray builds a JSON array from a parameter's values.
func (s *vstate) paramArray(vals []string, kind paramKind) []byte {
	out := s.buf[:0]
	out = append(out, '[')
	for i, v := range vals {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendParam(out, v, kind)
	}
	out = append(out, ']')
	s.buf = out
	return out
}

// paramScalar builds a JSON value from one parameter value.
func (s *vstate) paramScalar(text string, kind paramKind) []byte {
	s.buf = appendParam(s.buf[:0], text, kind)
	return s.buf
}

// objField is one property of an object parameter, with how it converts.
type objField struct {
	name string
	kind paramKind
}

// paramObject builds a JSON object from name/value pairs; kinds gives the
// conversion of declared properties (others are strings).
func (s *vstate) paramObject(pairs []string, fields []objField) []byte {
	out := s.buf[:0]
	out = append(out, '{')
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendJSONString(out, pairs[i])
		out = append(out, ':')
		kind := asString
		for _, f := range fields {
			if f.name == pairs[i] {
				kind = f.kind
				break
			}
		}
		out = appendParam(out, pairs[i+1], kind)
	}
	out = append(out, '}')
	s.buf = out
	return out
}

// pairsOf splits "k1,v1,k2,v2" (explode false) or "k1=v1,k2=v2" (explode
// true) into name/value pairs; ok is false when they do not pair up.
func pairsOf(text, sep string, explode bool) ([]string, bool) {
	if text == "" {
		return nil, true
	}
	parts := strings.Split(text, sep)
	if !explode {
		return parts, len(parts)%2 == 0
	}
	out := make([]string, 0, 2*len(parts))
	for _, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, false
		}
		out = append(out, k, v)
	}
	return out, true
}

// deepObject collects name[key]=value query parameters as pairs, sorted by key.
func deepObject(query map[string][]string, name string) ([]string, bool) {
	var keys []string
	for k := range query {
		if strings.HasPrefix(k, name+"[") && strings.HasSuffix(k, "]") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Strings(keys)
	out := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		v := query[k]
		if len(v) == 0 {
			continue
		}
		out = append(out, k[len(name)+1:len(k)-1], v[0])
	}
	return out, true
}

// oneOfFail reports a value matching n of the total oneOf alternatives.
func (s *vstate) oneOfFail(n, total int) {
	if n == 0 {
		s.fail("oneOf", "must match exactly one of the "+strconv.Itoa(total)+" alternatives (oneOf), but matches none")
		return
	}
	s.fail("oneOf", "must match exactly one of the "+strconv.Itoa(total)+" alternatives (oneOf), but matches "+strconv.Itoa(n))
}

// anyOf decodes raw as encoding/json does into an any.
func anyOf(raw []byte) any {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	v, _ := decodeAny(d)
	jx.PutDecoder(d)
	return v
}

func isUUID(b []byte) bool {
	_, ok := parseUUID(b)
	return ok
}

func isDate(b []byte) bool {
	_, ok := parseDate(b)
	return ok
}

func isDateTime(b []byte) bool {
	_, ok := parseDateTime(b)
	return ok
}

// decodeInto decodes the JSON raw (built from a parameter) into v with f.
func decodeInto[T any](s *vstate, raw []byte, f func(*vstate, *jx.Decoder, *T) error, v *T) {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	if err := f(s, d, v); err != nil {
		s.fail("type", "cannot be read")
	}
	jx.PutDecoder(d)
}

// errNotAlternative is what a union's AsX accessor returns when the union
// does not hold a valid X.
var errNotAlternative = errors.New("the union does not hold a valid value of this alternative")

// errUncheckedAlternative is what AsX returns for an alternative of a
// request's union whose schema the generator could not match, rather than
// hand out a value nothing checked.
var errUncheckedAlternative = errors.New("this alternative of the union cannot be checked: read the union's JSON with MarshalJSON and validate it yourself")

// checkedAlternative fills v from a union's kept JSON with the generated
// decoder f (exact keys, every keyword checked, defaults applied), and
// fails unless the JSON is a valid value of v's alternative.
func checkedAlternative[T any](raw []byte, f func(*vstate, *jx.Decoder, *T) error, v *T) error {
	s := newVState()
	defer s.release()
	s.in = "body"
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	if err := f(s, d, v); err != nil || s.fails > 0 {
		return errNotAlternative
	}
	return nil
}

// styled strips a path parameter's label (.x) or matrix (;name=x) prefix.
func styled(text, style, name string, explode bool) string {
	switch style {
	case "label":
		return strings.TrimPrefix(text, ".")
	case "matrix":
		prefix := ";" + name + "="
		if explode {
			return strings.TrimPrefix(strings.ReplaceAll(text, prefix, ";"), ";")
		}
		return strings.TrimPrefix(text, prefix)
	}
	return text
}

// begin starts decoding a whole request body; it returns nil, with
// s.malformed set, when the body is not UTF-8.
func (s *vstate) begin(body []byte) *jx.Decoder {
	if !utf8.Valid(body) {
		s.malformed = "the body is not valid UTF-8"
		return nil
	}
	d := jx.GetDecoder()
	d.ResetBytes(body)
	return d
}

// end finishes decoding a body: it reports false, with s.malformed set,
// when decoding failed or data follows the JSON value.
func (s *vstate) end(d *jx.Decoder, err error, body []byte) bool {
	if err == nil {
		if err = d.Skip(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errTrailing
		}
	}
	jx.PutDecoder(d)
	if err != nil {
		s.malformed = malformedMessage(body)
		return false
	}
	return true
}

var errTrailing = errors.New("data after the JSON value")

// malformedMessage says where a body stops being JSON.
func malformedMessage(body []byte) string {
	var v any
	err := json.Unmarshal(body, &v)
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON at byte " + strconv.FormatInt(syn.Offset, 10) + ": " + syn.Error()
	case err != nil:
		return "malformed JSON: " + err.Error()
	}
	return "malformed JSON: nested too deeply"
}

// seen marks a declared property as read, and reports (as a violation)
// one that the object gives a second time.
func (s *vstate) seen(word *uint64, bit uint64, name string) bool {
	if *word&bit != 0 {
		s.failAt(name, "duplicate", "is given more than once")
		return true
	}
	*word |= bit
	return false
}

// caseVariant reports (as a violation) an object key that is not one of
// the declared property names but equals one of them ignoring letter case
// (bytes.EqualFold, as encoding/json matches keys to struct fields). JSON
// names are case-sensitive, so validation treats such a key as another
// property; encoding/json, which fills union alternatives and other Go
// types from kept JSON, would bind it to the declared field, so a value
// nobody checked would reach the handler. Refusing it keeps every accessor
// on checked values. Called only for keys that matched no declared name.
func (s *vstate) caseVariant(k []byte, names ...string) bool {
	key := bstr(k)
	for _, n := range names {
		if strings.EqualFold(key, n) {
			s.pushKey(k)
			s.fail("caseVariant", "differs from the property "+strconv.Quote(n)+" only in letter case: names are case-sensitive")
			s.pop()
			return true
		}
	}
	return false
}

// notNull reads a null the schema does not allow.
func (s *vstate) notNull(d *jx.Decoder, message string) error {
	s.fail("type", message)
	return d.Null()
}

// wrongType skips a value of a JSON type the schema does not allow.
func (s *vstate) wrongType(d *jx.Decoder, want string) error {
	s.typeErr(want, d.Next())
	return d.Skip()
}
