package rt

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// bigMultiple is the reference: exact rational arithmetic.
func bigMultiple(raw string, m DecimalDivisor) bool {
	v, ok := new(big.Rat).SetString(raw)
	if !ok {
		panic(raw)
	}
	div := new(big.Rat).SetFrac(new(big.Int).SetUint64(m.Mant), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(m.Scale)), nil))
	return v.Quo(v, div).IsInt()
}

// TestMultipleOfAgreesWithBigRat checks multipleOf, on every path (small
// integers, 19-digit mantissas, long digit strings, exponents), against
// big.Rat on random decimals and divisors.
func TestMultipleOfAgreesWithBigRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	divisors := []DecimalDivisor{{1, 2}, {5, 1}, {3, 0}, {7, 3}, {25, 2}, {1, 0}, {18446744073709551557, 0}, {9999999967, 5}, {12, 0}, {1 << 63, 1}}
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	var checked, multiples int
	for i := 0; i < 20000; i++ {
		m := divisors[rng.IntN(len(divisors))]
		intPart := strings.TrimLeft(digits(1+rng.IntN(45)), "0")
		if intPart == "" {
			intPart = "0"
		}
		raw := intPart
		if rng.IntN(2) == 0 {
			raw += "." + digits(1+rng.IntN(30))
		}
		if rng.IntN(3) == 0 {
			raw += fmt.Sprintf("e%d", rng.IntN(80)-40)
		}
		if rng.IntN(2) == 0 {
			raw = "-" + raw
		}
		if rng.IntN(4) == 0 {
			// Make it a multiple: an integer times the divisor.
			k := new(big.Int).SetUint64(uint64(rng.Int64()))
			v := new(big.Rat).SetFrac(new(big.Int).Mul(k, new(big.Int).SetUint64(m.Mant)), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(m.Scale)), nil))
			raw = v.FloatString(m.Scale + 2)
		}
		want := bigMultiple(raw, m)
		if got := MultipleOf(parseNum([]byte(raw)), m); got != want {
			t.Fatalf("multipleOf(%s, %d*10^-%d) = %v, want %v", raw, m.Mant, m.Scale, got, want)
		}
		if got := decimalMultipleOf([]byte(raw), m); got != want {
			t.Fatalf("decimalMultipleOf(%s, %d*10^-%d) = %v, want %v", raw, m.Mant, m.Scale, got, want)
		}
		checked++
		if want {
			multiples++
		}
	}
	if multiples < checked/10 {
		t.Fatalf("only %d of %d inputs were multiples: the generator is skewed", multiples, checked)
	}
}

// TestMultipleOfHugeNumbers: a million digits, and exponents far beyond
// anything big.Rat could expand, answer exactly and at once.
func TestMultipleOfHugeNumbers(t *testing.T) {
	cent := DecimalDivisor{1, 2}
	for _, c := range []struct {
		raw  string
		m    DecimalDivisor
		want bool
	}{
		{"1e999999999", cent, true},
		{"1e-999999999", cent, false},
		{"3e" + strings.Repeat("9", 100000), DecimalDivisor{3, 0}, true},
		{"1." + strings.Repeat("0", 1<<20) + "1", cent, false},
		{strings.Repeat("7", 1<<20) + ".50", DecimalDivisor{5, 1}, true},
		{strings.Repeat("7", 1<<20) + ".51", DecimalDivisor{5, 1}, false},
		{"0." + strings.Repeat("0", 1<<20), DecimalDivisor{7, 3}, true},
	} {
		start := time.Now()
		got := MultipleOf(parseNum([]byte(c.raw)), c.m)
		if got != c.want {
			t.Errorf("multipleOf(%.20s... (%d bytes), %d*10^-%d) = %v, want %v", c.raw, len(c.raw), c.m.Mant, c.m.Scale, got, c.want)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("multipleOf on %d bytes took %s", len(c.raw), took)
		}
	}
}
