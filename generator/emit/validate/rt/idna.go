package rt

import (
	"bytes"
	"math"
	"unicode"
)

// isULabel reports whether the Punycode text of an A-label (after xn--)
// decodes to a label the IDNA2008 rules the JSON Schema Test Suite checks
// allow (RFC 5891, 5892): no leading combining mark, none of the
// exceptions RFC 5892 section 2.6 makes DISALLOWED, and the CONTEXTJ/
// CONTEXTO rules for ZERO WIDTH JOINER, MIDDLE DOT, Greek KERAIA, Hebrew
// GERESH/GERSHAYIM, KATAKANA MIDDLE DOT and Arabic-Indic digits. It does
// not carry the full table of PVALID code points.
func isULabel(puny []byte) bool {
	u, ok := punyDecode(puny)
	if !ok || len(u) == 0 || unicode.In(u[0], unicode.Mn, unicode.Mc, unicode.Me) ||
		(len(u) >= 4 && u[2] == '-' && u[3] == '-') {
		return false
	}
	arabic, extended, kana := false, false, false
	for _, r := range u {
		switch {
		case r >= 0x0660 && r <= 0x0669:
			arabic = true
		case r >= 0x06F0 && r <= 0x06F9:
			extended = true
		case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) && r != 0x30FB:
			kana = true
		}
	}
	if arabic && extended {
		return false
	}
	for i, r := range u {
		prev, next := rune(-1), rune(-1)
		if i > 0 {
			prev = u[i-1]
		}
		if i+1 < len(u) {
			next = u[i+1]
		}
		switch r {
		case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B:
			return false
		case 0x200D: // ZERO WIDTH JOINER
			if !isVirama(prev) {
				return false
			}
		case 0x00B7: // MIDDLE DOT
			if prev != 'l' || next != 'l' {
				return false
			}
		case 0x0375: // GREEK LOWER NUMERAL SIGN (KERAIA)
			if next < 0 || !unicode.Is(unicode.Greek, next) {
				return false
			}
		case 0x05F3, 0x05F4: // HEBREW GERESH, GERSHAYIM
			if prev < 0 || !unicode.Is(unicode.Hebrew, prev) {
				return false
			}
		case 0x30FB: // KATAKANA MIDDLE DOT
			if !kana {
				return false
			}
		}
	}
	return true
}

// isVirama reports whether r is a virama (canonical combining class 9) of
// the main Brahmic scripts.
func isVirama(r rune) bool {
	switch r {
	case 0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C, 0x0D4D, 0x0DCA,
		0x0E3A, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1734, 0x17D2, 0x1A60, 0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3,
		0x2D7F, 0xA806, 0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED:
		return true
	}
	return false
}

// punyDecode decodes Punycode (RFC 3492).
func punyDecode(b []byte) ([]rune, bool) {
	const base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
	var out []rune
	if j := bytes.LastIndexByte(b, '-'); j >= 0 {
		for _, c := range b[:j] {
			if c >= 0x80 {
				return nil, false
			}
			out = append(out, rune(c))
		}
		b = b[j+1:]
	}
	n, bias, i := 128, 72, 0
	adapt := func(delta, points int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / points
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	for len(b) > 0 {
		oldi, w := i, 1
		for k := base; ; k += base {
			if len(b) == 0 {
				return nil, false
			}
			c := b[0]
			b = b[1:]
			var digit int
			switch {
			case c >= 'a' && c <= 'z':
				digit = int(c - 'a')
			case c >= 'A' && c <= 'Z':
				digit = int(c - 'A')
			case c >= '0' && c <= '9':
				digit = int(c-'0') + 26
			default:
				return nil, false
			}
			i += digit * w
			if i > math.MaxInt32 {
				return nil, false
			}
			t := k - bias
			if t < tmin {
				t = tmin
			} else if t > tmax {
				t = tmax
			}
			if digit < t {
				break
			}
			w *= base - t
		}
		bias = adapt(i-oldi, len(out)+1, oldi == 0)
		n += i / (len(out) + 1)
		i %= len(out) + 1
		if n > unicode.MaxRune {
			return nil, false
		}
		out = append(out[:i], append([]rune{rune(n)}, out[i:]...)...)
		i++
	}
	return out, true
}
