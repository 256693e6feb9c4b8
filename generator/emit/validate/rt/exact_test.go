package rt

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func bigRat(raw string) *big.Rat {
	v, ok := new(big.Rat).SetString(raw)
	if !ok {
		panic(raw)
	}
	return v
}

// randomLiteral is a JSON number literal, often at or next to interesting
// values: integers written with fractions or exponents, digits beyond
// float64's precision, values next to bounds.
func randomLiteral(rng *rand.Rand) string {
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	intPart := strings.TrimLeft(digits(1+rng.IntN(22)), "0")
	if intPart == "" || rng.IntN(5) == 0 {
		intPart = "0"
	}
	raw := intPart
	switch rng.IntN(4) {
	case 0:
		raw += "." + digits(1+rng.IntN(25))
	case 1:
		raw += "." + strings.Repeat("0", rng.IntN(25)) // an integer with a fraction
	case 2:
		raw += "." + strings.Repeat("0", rng.IntN(22)) + "1"
	}
	if rng.IntN(3) == 0 {
		e := []string{"e", "E", "e+", "e-", "E-"}[rng.IntN(5)]
		raw += fmt.Sprintf("%s%d", e, rng.IntN(30))
	}
	if rng.IntN(2) == 0 {
		raw = "-" + raw
	}
	return raw
}

// TestExactNumbersAgreeWithBigRat checks isInt, toInt, compareDecimal and
// cmp against big.Rat on random literals.
func TestExactNumbersAgreeWithBigRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bounds := []float64{0, 1, -1, 5000, 100000, 0.1, 1e21, -2.5, 9007199254740993, 1e-7, 123.456}
	var ints, equalFloats int
	for i := 0; i < 30000; i++ {
		raw := randomLiteral(rng)
		v := bigRat(raw)
		n := parseNum([]byte(raw))
		if got, want := n.IsInt(), v.IsInt(); got != want {
			t.Fatalf("isInt(%s) = %v, want %v", raw, got, want)
		}
		if v.IsInt() {
			ints++
			x, ok := n.ToInt(64)
			want := v.Num().IsInt64()
			if ok != want || ok && x != v.Num().Int64() {
				t.Fatalf("toInt(%s) = %d, %v; want %v (%s)", raw, x, ok, want, v.Num())
			}
		} else if _, ok := n.ToInt(64); ok {
			t.Fatalf("toInt(%s) is ok for a non-integer", raw)
		}
		other := randomLiteral(rng)
		if got, want := compareDecimal(raw, other), v.Cmp(bigRat(other)); got != want {
			t.Fatalf("compareDecimal(%s, %s) = %d, want %d", raw, other, got, want)
		}
		b := bounds[rng.IntN(len(bounds))]
		if rng.IntN(2) == 0 {
			// A literal float64 rounds to b: b's text plus digits beyond precision.
			text := strconv.FormatFloat(b, 'f', -1, 64)
			if !strings.Contains(text, ".") {
				text += "."
			}
			raw = text + strings.Repeat("0", 18) + strconv.Itoa(rng.IntN(10))
			if rng.IntN(2) == 0 && b > 0 {
				raw = strconv.FormatFloat(math.Nextafter(b, 0), 'f', -1, 64) + "99999999999999999999"
			}
			n = parseNum([]byte(raw))
			v = bigRat(raw)
		}
		text := strconv.FormatFloat(b, 'g', -1, 64)
		if n.Float == b {
			equalFloats++
		}
		if got, want := n.Cmp(b, text), v.Cmp(bigRat(text)); got != want {
			t.Fatalf("cmp(%s, %s) = %d, want %d", raw, text, got, want)
		}
	}
	if ints < 3000 || equalFloats < 3000 {
		t.Fatalf("only %d integers and %d float-equal bounds: the generator is skewed", ints, equalFloats)
	}
}

// TestExactNumbersCases: the literals of the review, and forms of integers
// JSON Schema counts as integers.
func TestExactNumbersCases(t *testing.T) {
	for _, c := range []struct {
		raw   string
		isInt bool
	}{
		{"0.99999999999999999999", false},
		{"1.00000000000000000001", false},
		{"5000.00000000000000001", false},
		{"1.0", true}, {"1e2", true}, {"0.5e1", true}, {"50000e-1", true}, {"50001e-1", false},
		{"-0.0", true}, {"0e-5", true}, {"12.30e-1", false}, {"1230e-1", true}, {"1E+2", true},
		{"9223372036854775807.000", true}, {"1e400", true},
	} {
		if got := parseNum([]byte(c.raw)).IsInt(); got != c.isInt {
			t.Errorf("isInt(%s) = %v, want %v", c.raw, got, c.isInt)
		}
	}
	if x, ok := parseNum([]byte("9223372036854775807.000")).ToInt(64); !ok || x != math.MaxInt64 {
		t.Errorf("toInt(9223372036854775807.000) = %d, %v", x, ok)
	}
	if x, ok := parseNum([]byte("-9223372036854775808.0")).ToInt(64); !ok || x != math.MinInt64 {
		t.Errorf("toInt(-9223372036854775808.0) = %d, %v", x, ok)
	}
	if _, ok := parseNum([]byte("9223372036854775808.0")).ToInt(64); ok {
		t.Error("toInt(9223372036854775808.0) fits")
	}
	for _, c := range []struct {
		raw   string
		bound float64
		want  int
	}{
		{"100000.00000000000001", 100000, 1},
		{"99999.999999999999999999", 100000, -1},
		{"100000.0", 100000, 0},
		{"1e5", 100000, 0},
		{"0.99999999999999999999", 1, -1},
		{"0.1000000000000000000001", 0.1, 1},
	} {
		n := parseNum([]byte(c.raw))
		if got := n.Cmp(c.bound, strconv.FormatFloat(c.bound, 'g', -1, 64)); got != c.want {
			t.Errorf("cmp(%s, %v) = %d, want %d", c.raw, c.bound, got, c.want)
		}
	}
}

// TestExactNumbersLinear: a literal of a million digits, or with a huge
// exponent, is judged at once.
func TestExactNumbersLinear(t *testing.T) {
	for _, raw := range []string{
		"1." + strings.Repeat("0", 1<<20) + "1",
		"100000." + strings.Repeat("0", 1<<20) + "1",
		strings.Repeat("7", 1<<20) + ".0",
		"1e" + strings.Repeat("9", 100000),
		"0." + strings.Repeat("0", 1<<20) + "1e" + strconv.Itoa(1<<20+1),
	} {
		start := time.Now()
		n := parseNum([]byte(raw))
		n.IsInt()
		n.ToInt(64)
		n.Cmp(100000, "100000")
		compareDecimal(raw, raw)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%d bytes took %s", len(raw), took)
		}
	}
	if !parseNum([]byte("0." + strings.Repeat("0", 1<<20) + "1e" + strconv.Itoa(1<<20+1))).IsInt() {
		t.Error("0.0…01e(n+1) is the integer 1")
	}
	n := parseNum([]byte("100000." + strings.Repeat("0", 1<<20) + "1"))
	if got := n.Cmp(100000, "100000"); got != 1 {
		t.Errorf("100000.0…01 vs 100000: %d", got)
	}
}
