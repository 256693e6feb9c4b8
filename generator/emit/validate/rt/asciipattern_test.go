package rt

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

// asciiPatternOf is the ASCIIPattern generated code declares for pattern.
func asciiPatternOf(pattern string) (ASCIIPattern, bool) {
	runs, ok := model.ASCIIPattern(pattern)
	p := ASCIIPattern{}
	for _, r := range runs {
		p = append(p, ASCIIRun{Set: r.Set, Min: r.Min, Max: r.Max})
	}
	return p, ok
}

// TestASCIIPatternAsRegexp: every pattern model.ASCIIPattern accepts is
// answered by ASCIIPattern as by regexp, on strings built from the
// pattern's own characters, their neighbours and non-ASCII bytes (20,000
// per pattern), and the patterns it must refuse (the greedy check would
// answer wrongly, or regexp is needed) are refused.
func TestASCIIPatternAsRegexp(t *testing.T) {
	simple := []string{
		`^[A-Za-z0-9_-]{16,64}$`, `^ord_[a-z0-9]{12}$`, `^[A-Z0-9]{10,22}$`, `^[A-Z0-9-]{4,32}$`,
		`^[A-Za-z0-9 -]{3,10}$`, `^[A-Z]{2}$`, `^[A-Z]{3}-[0-9]+$`, `^$`, `^abc$`, `^a*$`, `^\d+$`,
		`^[a-z]+-[a-z]+$`, `^(\d{3})-\d{4}$`, `^x?y?z$`, `^[a-f0-9]{8}-?[0-9]{2,}$`, `^\w{1,3}\s\w$`,
		`^[^\x00-\x40a-z\x7b-\x{10FFFF}]{2}[a-z]$`, `^a{0,2}b{2}$`, `^(a|b)$`,
	}
	refused := []string{
		`[a-z]+`, `^[a-z]+`, `[a-z]+$`, `^a|b$`, `^(ab|c)$`, `^.+$`, `^.{0}$`, `^[^a-z]{2}$`, `^[a-z]+[a-z0-9]$`, `^[é]+$`,
		`^(?i)abc$`, `^a*a$`, `^x?x$`, `^a?b?a$`, `(?m)^a$`, `^(ab)+$`, `^[^a]$`, `^a\b$`,
	}
	rng := rand.New(rand.NewSource(18))
	for _, pat := range simple {
		p, ok := asciiPatternOf(pat)
		if !ok {
			t.Errorf("%s: refused, want a regexp-free check", pat)
			continue
		}
		re := regexp.MustCompile(pat)
		alphabet := []string{"", "\x80", "é", "\xff", "\x00", "\n"}
		for c := byte(0x20); c < 0x7f; c++ {
			if strings.IndexByte(pat, c) >= 0 || rng.Intn(8) == 0 {
				alphabet = append(alphabet, string(c), string(c+1), string(c-1))
			}
		}
		matched := 0
		for range 20000 {
			var b strings.Builder
			for range rng.Intn(24) {
				b.WriteString(alphabet[rng.Intn(len(alphabet))])
			}
			s := b.String()
			if rng.Intn(3) == 0 { // near misses of a match: a match with one change
				if m := matching(rng, p); m != "" {
					s = m
					if rng.Intn(2) == 0 && len(s) > 0 {
						i := rng.Intn(len(s))
						s = s[:i] + alphabet[rng.Intn(len(alphabet))] + s[i+1:]
					}
				}
			}
			want := re.MatchString(s)
			if got := p.MatchString(s); got != want {
				t.Fatalf("%s on %q: ASCIIPattern says %v, regexp %v", pat, s, got, want)
			}
			if got := p.Match([]byte(s)); got != want {
				t.Fatalf("%s on %q: Match says %v, regexp %v", pat, s, got, want)
			}
			if want {
				matched++
			}
		}
		if matched == 0 {
			t.Errorf("%s: no input matched: the comparison saw only refusals", pat)
		}
	}
	for _, pat := range refused {
		if _, ok := asciiPatternOf(pat); ok {
			t.Errorf("%s: accepted for the regexp-free check, want regexp", pat)
		}
	}
}

// matching builds a string p matches, choosing each run's count and
// characters at random.
func matching(rng *rand.Rand, p ASCIIPattern) string {
	var b strings.Builder
	for _, r := range p {
		var in []byte
		for c := byte(0); c < 0x80; c++ {
			if r.Set[c>>6]&(1<<(c&63)) != 0 {
				in = append(in, c)
			}
		}
		if len(in) == 0 {
			return ""
		}
		n := r.Min
		if r.Max < 0 {
			n += rng.Intn(5)
		} else if r.Max > r.Min {
			n += rng.Intn(r.Max - r.Min + 1)
		}
		for range n {
			b.WriteByte(in[rng.Intn(len(in))])
		}
	}
	return b.String()
}
