package rt

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/go-faster/jx"
)

// jnum is a JSON number: its float64 value (what bounds compare) and, when
// it is an integer literal that fits, its exact int64 value.
type jnum struct {
	raw   []byte
	Float float64 // the value, rounded to a float64
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

// numRangeMessage is the violation of a number beyond float64's range
// (1e400): Go holds it as an infinity, which no handler expects and
// encoding/json refuses, so it is refused where it is written.
const numRangeMessage = "must be a number within the float64 range (magnitude at most 1.7976931348623157e308)"

// Num reads a JSON number the generated code stores or checks, recording
// a violation at the current value when it is beyond float64's range.
func (s *State) Num(d *jx.Decoder) (jnum, error) {
	n, err := readNum(d)
	if err == nil && math.IsInf(n.Float, 0) {
		s.Fail("type", numRangeMessage)
	}
	return n, err
}

// Finite records a violation at every number of the JSON value raw that is
// beyond float64's range, at its own pointer, and returns raw's value as
// anyOf decodes it: what a handler gets for a value of no fixed Go type.
func (s *State) Finite(raw []byte) any {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	s.walkFinite(d)
	jx.PutDecoder(d)
	return AnyOf(raw)
}

func (s *State) walkFinite(d *jx.Decoder) {
	switch d.Next() {
	case jx.Number:
		if n, err := readNum(d); err == nil && math.IsInf(n.Float, 0) {
			s.Fail("type", numRangeMessage)
		}
	case jx.Array:
		i := 0
		_ = d.Arr(func(d *jx.Decoder) error {
			s.PushIdx(i)
			s.walkFinite(d)
			s.Pop()
			i++
			return nil
		})
	case jx.Object:
		_ = d.ObjBytes(func(d *jx.Decoder, k []byte) error {
			s.Push(string(k))
			s.walkFinite(d)
			s.Pop()
			return nil
		})
	default:
		_ = d.Skip()
	}
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
			n.i, n.exact, n.Float = u, true, float64(u)
			if u > 1<<53 || u < -(1<<53) {
				n.Float, _ = strconv.ParseFloat(StringOf(raw), 64)
			}
			return n
		}
	}
	n.Float, _ = strconv.ParseFloat(StringOf(raw), 64)
	// Only a literal of digits alone can be an int64 still (19 digits);
	// asking ParseInt about any other would allocate its error.
	if !n.exact && len(b) > 18 && allDigits(b) {
		if i, err := strconv.ParseInt(StringOf(raw), 10, 64); err == nil {
			n.i, n.exact = i, true
		}
	}
	return n
}

// allDigits reports whether b is only ASCII digits.
func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsInt reports whether the number has no fractional part, judged on the
// literal (1.0 and 1e2 are integers, 0.99999999999999999999 is not).
func (n jnum) IsInt() bool {
	return n.exact || n.Float == math.Trunc(n.Float) && isIntLiteral(n.raw)
}

// ToInt converts the number to an integer of the given bit size, reporting
// false when it is not an integer or does not fit.
func (n jnum) ToInt(bits int) (int64, bool) {
	var v int64
	switch {
	case n.exact:
		v = n.i
	case n.Float != math.Trunc(n.Float):
		return 0, false
	default:
		x, ok := readDecimal(StringOf(n.raw)).toInt64()
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

// ToUint converts the number to an unsigned integer of the given bit size.
func (n jnum) ToUint(bits int) (uint64, bool) {
	v, ok := n.ToInt(64)
	if !ok || v < 0 {
		return 0, false
	}
	if bits < 64 && uint64(v) >= uint64(1)<<bits {
		return 0, false
	}
	return uint64(v), true
}

// FitsFloat32 reports whether the number is within float32's range.
func (n jnum) FitsFloat32() bool {
	return math.Abs(n.Float) <= math.MaxFloat32
}

// DecimalDivisor is a multipleOf divisor as an exact decimal: mant * 10^-scale.
type DecimalDivisor struct {
	Mant  uint64
	Scale int
}

// MultipleOf reports whether the JSON number is an exact multiple of m.
// Both are decimals, so 0.07 is a multiple of 0.01 (no binary rounding).
func MultipleOf(n jnum, m DecimalDivisor) bool {
	if m.Mant == 0 {
		return true
	}
	if n.exact && m.Scale == 0 {
		v := n.i
		if v < 0 {
			v = -v
		}
		return uint64(v)%m.Mant == 0
	}
	mant, exp, ok := decimalOf(n.raw)
	if !ok {
		return decimalMultipleOf(n.raw, m)
	}
	// value = mant * 10^exp; divisor = m.mant * 10^-m.scale.
	// quotient integral <=> mant * 10^(exp+scale) divisible by m.mant.
	shift := exp + m.Scale
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
	return mant%m.Mant == 0
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
			e, err := strconv.Atoi(StringOf(raw[i+1:]))
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
func decimalMultipleOf(raw []byte, m DecimalDivisor) bool {
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
			r = mulAddMod(r, pow10[chunk], acc, m.Mant)
			acc, chunk = 0, 0
			for zerosAfter > 0 {
				k := min(zerosAfter, 18)
				r = mulAddMod(r, pow10[k], 0, m.Mant)
				zerosAfter -= k
			}
		}
		if chunk == 18 {
			r = mulAddMod(r, pow10[18], acc, m.Mant)
			acc, chunk = 0, 0
		}
		acc = acc*10 + uint64(c-'0')
		chunk++
		nonZero = true
	}
	rLast = mulAddMod(r, pow10[chunk], acc, m.Mant)
	if !nonZero {
		return true // zero is a multiple of everything
	}
	// value = D * 10^(exp+zerosAfter), D the digits up to the last non-zero
	// one (D mod 10 != 0); divisor = m.mant * 10^-m.scale. The quotient
	// D * 10^shift / m.mant is an integer only if shift >= 0 (10 does not
	// divide D) and m.mant divides D * 10^shift.
	shift := exp + zerosAfter + int64(m.Scale)
	if shift < 0 {
		return false
	}
	return mulAddMod(rLast, pow10Mod(shift, m.Mant), 0, m.Mant) == 0
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
