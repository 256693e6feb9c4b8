package rt

import "math"

// Exact decimal judgements of JSON number literals: `type: integer` and
// minimum/maximum/exclusive* decide on the literal, not on its float64
// rounding (0.99999999999999999999 is not the integer 1, and
// 100000.00000000000001 is above a maximum of 100000). Each is one pass
// over the literal's text, without big-number arithmetic.

// decimal is a JSON number literal read as ±0.d₁d₂…dₙ × 10^e with d₁ and
// dₙ non-zero: the significant digits are m[first..last] (skipping '.').
type decimal struct {
	m           string // the mantissa: the literal without sign and exponent
	first, last int    // indexes in m of the first and last non-zero digits
	e           int64  // the power of ten of the digits' leading point
	neg, zero   bool
}

// expCap bounds exponents: beyond it a literal is as good as infinite
// here (its text would be far longer than any request).
const expCap = 1 << 40

// readDecimal splits the text of a valid JSON number.
func readDecimal(raw string) decimal {
	var x decimal
	if raw != "" && raw[0] == '-' {
		x.neg, raw = true, raw[1:]
	}
	end := len(raw)
	for i := 0; i < len(raw); i++ {
		if raw[i] == 'e' || raw[i] == 'E' {
			end = i
			break
		}
	}
	x.m = raw[:end]
	dot := len(x.m)
	x.first, x.last = -1, -1
	for i := 0; i < len(x.m); i++ {
		c := x.m[i]
		switch {
		case c == '.':
			dot = i
		case c != '0':
			if x.first < 0 {
				x.first = i
			}
			x.last = i
		}
	}
	if x.first < 0 {
		x.zero = true
		return x
	}
	if x.first < dot {
		x.e = int64(dot - x.first)
	} else {
		x.e = -int64(x.first - dot - 1)
	}
	if end < len(raw) {
		exp := raw[end+1:]
		neg := false
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			neg, exp = exp[0] == '-', exp[1:]
		}
		var v int64
		for i := 0; i < len(exp); i++ {
			if v < expCap {
				v = v*10 + int64(exp[i]-'0')
			}
		}
		if v > expCap {
			v = expCap
		}
		if neg {
			v = -v
		}
		x.e += v
	}
	return x
}

// isInteger reports whether the decimal has no fractional part: its last
// significant digit is at a power of ten of at least zero.
func (x decimal) isInteger() bool {
	if x.zero {
		return true
	}
	// k significant digits: the last is at the power e-k.
	k := int64(x.last - x.first + 1)
	if containsDot(x.m[x.first:x.last]) {
		k--
	}
	return x.e-k >= 0
}

// isIntLiteral reports whether a JSON number's text is an integer.
func isIntLiteral(raw []byte) bool { return readDecimal(StringOf(raw)).isInteger() }

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// toInt64 is the decimal as an int64 when it is an integer that fits.
func (x decimal) toInt64() (int64, bool) {
	if x.zero {
		return 0, true
	}
	if !x.isInteger() || x.e > 19 {
		return 0, false
	}
	var u uint64
	digits := int64(0)
	for i := x.first; i <= x.last; i++ {
		c := x.m[i]
		if c == '.' {
			continue
		}
		u = u*10 + uint64(c-'0') // at most 19 digits: no overflow
		digits++
	}
	for ; digits < x.e; digits++ {
		if u > math.MaxUint64/10 {
			return 0, false
		}
		u *= 10
	}
	if x.neg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true // two's complement: -(1<<63) included
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// compareDecimal compares two JSON number literals exactly: -1, 0 or 1.
func compareDecimal(a, b string) int {
	x, y := readDecimal(a), readDecimal(b)
	sign := func(d decimal) int {
		switch {
		case d.zero:
			return 0
		case d.neg:
			return -1
		}
		return 1
	}
	sx, sy := sign(x), sign(y)
	if sx != sy || sx == 0 {
		switch {
		case sx < sy:
			return -1
		case sx > sy:
			return 1
		}
		return 0
	}
	c := compareMagnitude(x, y)
	if sx < 0 {
		return -c
	}
	return c
}

// compareMagnitude compares |x| and |y|, both non-zero.
func compareMagnitude(x, y decimal) int {
	if x.e != y.e {
		if x.e < y.e {
			return -1
		}
		return 1
	}
	i, j := x.first, y.first
	for {
		for i <= x.last && x.m[i] == '.' {
			i++
		}
		for j <= y.last && y.m[j] == '.' {
			j++
		}
		switch {
		case i > x.last && j > y.last:
			return 0
		case i > x.last:
			return -1 // y has more significant digits, its last non-zero
		case j > y.last:
			return 1
		}
		if x.m[i] != y.m[j] {
			if x.m[i] < y.m[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
}

// Cmp compares the number with a bound b whose shortest decimal text is
// text: by float64 unless they are equal there, then on the decimals.
// Small enough to inline: the exact comparison is the rare path.
func (n *jnum) Cmp(b float64, text string) int {
	if n.Float != b {
		if n.Float < b {
			return -1
		}
		return 1
	}
	return n.cmpEqual(text)
}

// cmpEqual compares the number, equal to a bound as float64, with the
// bound's text exactly.
func (n *jnum) cmpEqual(text string) int {
	if n.exact && n.i <= 1<<53 && n.i >= -(1<<53) {
		return 0 // n.f is n.i exactly
	}
	return compareDecimal(StringOf(n.raw), text)
}
