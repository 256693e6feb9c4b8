package contract_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/contract"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// applicatorCases are the cases testdata/applicators.yaml must derive,
// each expecting 400 naming its place: inside oneOf (no alternative, two
// alternatives), anyOf and not; array query parameters (exploded and
// comma-separated) and an array header (each item's constraints,
// minItems, maxItems, uniqueItems); a parameter with JSON content; and
// cookies (a required one missing, a pattern, an enum).
var applicatorCases = []string{
	"putShape/invalid: body /shape oneOf none",
	"putShape/invalid: body /shape oneOf two",
	"putShape/invalid: body /contact anyOf none",
	"putShape/invalid: body /code not",
	"putShape/invalid: query ids missing",
	"putShape/invalid: query ids item type",
	"putShape/invalid: query ids item type integer",
	"putShape/invalid: query ids item minimum",
	"putShape/invalid: query ids item maximum",
	"putShape/invalid: query ids minItems",
	"putShape/invalid: query ids maxItems",
	"putShape/invalid: query tags item maxLength",
	"putShape/invalid: query tags uniqueItems",
	"putShape/invalid: header X-Flags item enum",
	"putShape/invalid: header X-Flags maxItems",
	"putShape/invalid: query filter content not JSON",
	"putShape/invalid: query filter content /max missing",
	"putShape/invalid: query filter content /max maximum",
	"putShape/invalid: cookie session missing",
	"putShape/invalid: cookie session pattern",
	"putShape/invalid: cookie theme enum",
}

// TestApplicatorsLocalAndLambda runs the cases of testdata/applicators.yaml
// (its handler the generated stub) as an HTTP API and as a REST API on the
// local server and on the function under aws-lambda-rie (payload 2.0 sends
// cookies in their own list, 1.0 in the Cookie header): every case in
// applicatorCases passes on both, the valid request (a required array of
// two items, every parameter style and cookie sent as the spec says)
// reaches the stub (501, not a 400), no case fails, and the two JUnit
// reports agree.
func TestApplicatorsLocalAndLambda(t *testing.T) {
	rie := lambdatest.FindRIE(t)
	t.Setenv("PATH", filepath.Dir(rie)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, kind := range []model.APIKind{model.HTTP, model.REST} {
		t.Run(string(kind), func(t *testing.T) { applicatorsAgree(t, kind) })
	}
}

func applicatorsAgree(t *testing.T, kind model.APIKind) {
	file := filepath.Join("testdata", "applicators.yaml")
	p := lambdatest.GenerateProject(t, file, lambdatest.WithModule("example.com/shapes"), lambdatest.WithAPI(kind))
	cases := contract.Derive(p.Result.API, 1, nil, nil)
	outcomes := map[string]map[string]contract.Outcome{}
	for _, target := range []string{"local", "lambda"} {
		tg, stop, err := contract.Open(context.Background(), contract.Setup{Target: target, ProjectDir: p.Dir, Kind: p.Result.API.Kind})
		if err != nil {
			t.Fatalf("open %s: %v", target, err)
		}
		results := contract.Run(context.Background(), tg, cases, contract.Options{Doc: docOf(t, p), SpecFile: file})
		stop()
		for _, r := range results {
			if r.Outcome == contract.Fail {
				t.Errorf("%s: %s failed: %s", target, r.Name, r.Detail)
			}
		}
		outcomes[target] = junitFile(t, target, results)
		if o := outcomes[target]["putShape/valid"]; o != contract.NotImplemented {
			t.Errorf("%s: putShape/valid is %q, want it to reach the stub (not implemented)", target, o)
		}
		for _, name := range applicatorCases {
			if o := outcomes[target][name]; o != contract.Pass {
				t.Errorf("%s: %s is %q, want pass", target, name, o)
			}
		}
	}
	if len(outcomes["local"]) != len(cases) {
		t.Fatalf("the local report lists %d cases, want %d", len(outcomes["local"]), len(cases))
	}
	for n, o := range outcomes["local"] {
		if outcomes["lambda"][n] != o {
			t.Errorf("%s: local %s, lambda %s", n, o, outcomes["lambda"][n])
		}
	}
	var names []string
	for _, c := range cases {
		names = append(names, c.Name)
	}
	t.Logf("%d cases: %s", len(cases), strings.Join(names, ", "))
}
