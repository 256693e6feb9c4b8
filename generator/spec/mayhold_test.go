package spec

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mayHoldIntrinsicsRE is the definition mayHoldIntrinsics answers by.
var mayHoldIntrinsicsRE = regexp.MustCompile(`Fn::|["']?\bRef["']?\s*:|!(Ref|Condition|Base64|Cidr|FindInMap|GetAtt|GetAZs|ImportValue|Join|Select|Split|Sub|Transform|If|Equals|Not|And|Or)\b`)

// TestMayHoldIntrinsicsAsRegexp: the scan answers as the regular
// expression on hand-picked near misses, on the shared specs and the
// repository's test specs, and on 20,000 random texts built from the
// pieces that matter.
func TestMayHoldIntrinsicsAsRegexp(t *testing.T) {
	check := func(what string, data []byte) {
		t.Helper()
		if got, want := mayHoldIntrinsics(data), mayHoldIntrinsicsRE.Match(data); got != want {
			t.Fatalf("%s: mayHoldIntrinsics = %v, the regexp says %v", what, got, want)
		}
	}
	for _, s := range []string{
		"", "Ref", "Ref:", "Ref :", "Ref\t\r\n\f:", "'Ref':", `"Ref" :`, "xRef:", "_Ref:", "9Ref:", "-Ref:", "Ref'':",
		"Reference:", "Ref\v:", "Fn:", "Fn::", "!Ref", "!Refs", "!Ref_", "!Ref-", "!Sub x", "!Subx", "!!Sub", "!Or", "!Ore",
		"!GetAZs", "!GetA", "!Not\n", "a !If", "!", "!!", "x!Equals", "$ref: '#/x'", "!Ref\xff", "\xffRef:",
	} {
		check(fmt.Sprintf("text %q", s), []byte(s))
	}
	var files []string
	for _, glob := range []string{"../../../shared/specs/*", "../../testdata/*.yaml", "testdata/*/*.yaml", "testdata/*.yaml"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("found %d spec files to compare on", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		check(f, data)
	}
	pieces := []string{"Ref", "Fn::", "!", "Sub", "GetAZs", "Or", ":", " ", "\t", "\n", "'", `"`, "x", "_", "-", "é", "Fn:", "Condition", "If"}
	rng := rand.New(rand.NewSource(18))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(7) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		check(fmt.Sprintf("text %q", b.String()), []byte(b.String()))
	}
}
