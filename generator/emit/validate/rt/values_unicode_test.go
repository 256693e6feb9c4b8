package rt

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestPairedSurrogates(t *testing.T) {
	for _, c := range []struct {
		json string
		want bool
	}{
		{`{"a":"plain"}`, true},
		{`{"a":"\ud83d\ude00"}`, true},
		{`{"a":"\uD83D\uDE00"}`, true},
		{`{"a":"\u00e9\n\"\\"}`, true},
		{`{"a":"\\ud800"}`, true}, // an escaped backslash, then text
		{`{"a":"\ud800"}`, false},
		{`{"a":"\udc00"}`, false},
		{`{"a":"\\\ud800"}`, false},
		{`{"a":"\ud800\u0041"}`, false},
		{`{"a":"\ud800x\udc00"}`, false},
		{`{"a":"\ud800\ud800"}`, false},
		{`{"a":"\ud83d\ude00\ud800"}`, false},
		{`{"a":"x\ud83d`, false},
		{`{"a":"\uzzzz"}`, true}, // malformed: the decoder refuses it
		{`\`, true},
	} {
		if got := pairedSurrogates([]byte(c.json)); got != c.want {
			t.Errorf("pairedSurrogates(%s) = %v, want %v", c.json, got, c.want)
		}
	}
}

// TestPairedSurrogatesAsUTF16 holds pairedSurrogates to UTF-16's rule,
// judged on the code units themselves: strings of random \u escapes
// (surrogates and not, any case), other escapes and text.
func TestPairedSurrogatesAsUTF16(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	units := []uint16{0x41, 0xe9, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0xfffd}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		var seq []uint16 // the code units the escapes stand for, in order; 0 breaks a run
		b.WriteString(`{"k":"`)
		for j := rng.Intn(6); j >= 0; j-- {
			switch rng.Intn(4) {
			case 0:
				b.WriteString(`\\u`) // an escaped backslash, then text: breaks a pair
				seq = append(seq, 0)
			case 1:
				b.WriteString("x")
				seq = append(seq, 0)
			default:
				u := units[rng.Intn(len(units))]
				f := "\\u%04x"
				if rng.Intn(2) == 0 {
					f = "\\u%04X"
				}
				fmt.Fprintf(&b, f, u)
				seq = append(seq, u)
			}
		}
		b.WriteString(`"}`)
		want := true
		for i := 0; i < len(seq); i++ {
			switch u := seq[i]; {
			case u >= 0xdc00 && u < 0xe000:
				want = false
			case u >= 0xd800 && u < 0xdc00:
				if i+1 < len(seq) && seq[i+1] >= 0xdc00 && seq[i+1] < 0xe000 {
					i++
				} else {
					want = false
				}
			}
		}
		if got := pairedSurrogates([]byte(b.String())); got != want {
			t.Fatalf("pairedSurrogates(%s) = %v, want %v", b.String(), got, want)
		}
	}
}
