package rt

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// IsEmail accepts an RFC 5321 mailbox: a dot-atom local part (no dot at
// its start or end, no two dots in a row, no space) or a quoted string,
// an @, and a host name or an address literal ([IPv4] or [IPv6:...]).
func IsEmail(b []byte) bool {
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
			return IsIPv6(v6)
		}
		return IsIPv4(lit)
	}
	return IsHostname(domain)
}

// atext reports whether c may appear unquoted in an e-mail local part.
func atext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return c >= 0x80 || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// uuidBytes are the offsets of a UUID's 16 bytes in its 8-4-4-4-12 text:
// every position but the four dashes.
var uuidBytes = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// ParseUUID reads the 8-4-4-4-12 hexadecimal form: dashes at 8, 13, 18
// and 23, hexadecimal digits everywhere else.
func ParseUUID(b []byte) ([16]byte, bool) {
	var u [16]byte
	if len(b) != 36 || b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-' {
		return u, false
	}
	for j, i := range uuidBytes {
		hi, ok1 := unhexDigit(b[i])
		lo, ok2 := unhexDigit(b[i+1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[j] = hi<<4 | lo
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

// ParseDate reads an RFC 3339 full-date (YYYY-MM-DD) whose day exists.
func ParseDate(b []byte) (time.Time, bool) {
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

// ParseDateTime reads an RFC 3339 date-time (T and Z in either case, as
// RFC 3339 section 5.6 allows).
func ParseDateTime(b []byte) (time.Time, bool) {
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

// IsTime reports whether b is an RFC 3339 full-time (format time).
func IsTime(b []byte) bool {
	_, _, _, _, _, ok := timeParts(b)
	return ok
}

// IsURI accepts an absolute URI (with a scheme) that net/url parses and
// whose characters RFC 3986 allows: ASCII only, no space, no \ " < > ^ `
// { } |, percent signs followed by two hex digits, square brackets only
// around an IP literal host.
func IsURI(b []byte) bool {
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

// IsHostname accepts an RFC 1123 host name.
func IsHostname(b []byte) bool {
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

// IsIPv4 reports whether b is a dotted-quad IPv4 address (format ipv4).
func IsIPv4(b []byte) bool {
	a, err := netip.ParseAddr(StringOf(b))
	return err == nil && a.Is4()
}

// IsIPv6 accepts an IPv6 address without a zone (a zone id names an
// interface of one machine, it is not part of the address).
func IsIPv6(b []byte) bool {
	a, err := netip.ParseAddr(StringOf(b))
	return err == nil && a.Is6() && a.Zone() == ""
}

// DecodeByte decodes standard base64 with padding (format: byte).
func DecodeByte(b []byte) ([]byte, bool) {
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	n, err := base64.StdEncoding.Strict().Decode(out, b)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// IsByte reports whether b is standard base64 (format byte).
func IsByte(b []byte) bool {
	if len(b)%4 != 0 {
		return false
	}
	_, ok := DecodeByte(b)
	return ok
}

// IsUUID reports whether b is a UUID in its hyphenated form (format uuid).
func IsUUID(b []byte) bool {
	_, ok := ParseUUID(b)
	return ok
}

// IsDate reports whether b is an RFC 3339 full-date (format date).
func IsDate(b []byte) bool {
	_, ok := ParseDate(b)
	return ok
}

// IsDateTime reports whether b is an RFC 3339 date-time (format date-time).
func IsDateTime(b []byte) bool {
	_, ok := ParseDateTime(b)
	return ok
}

// ASCIIPattern is a pattern checked without package regexp: a sequence of
// runs of ASCII characters, anchored at both ends, where a run whose count
// varies shares no character with what may follow it, so that taking as
// many characters as each run allows is the only way to match (the
// generator's model.ASCIIPattern decides which patterns qualify).
type ASCIIPattern []ASCIIRun

// ASCIIRun is one run of an ASCIIPattern: between min and max (-1: no
// bound) ASCII bytes, each in set (bit c%64 of set[c/64]).
type ASCIIRun struct {
	Set      [2]uint64
	Min, Max int
}

// Match reports whether b matches the pattern, as regexp's Match does.
func (p ASCIIPattern) Match(b []byte) bool { return p.MatchString(StringOf(b)) }

// MatchString reports whether s matches the pattern, as regexp's
// MatchString does.
func (p ASCIIPattern) MatchString(s string) bool {
	i := 0
	for _, r := range p {
		n := 0
		for i < len(s) && n != r.Max {
			c := s[i]
			if c >= 0x80 || r.Set[c>>6]&(1<<(c&63)) == 0 {
				break
			}
			i++
			n++
		}
		if n < r.Min {
			return false
		}
	}
	return i == len(s)
}
