package contract_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/specgate/specgate/generator/contract"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/internal/lambdatest"
)

// TestCorpusLocalAndLambdaAgree runs the cases of three corpus specs (their
// handlers are the generated stubs) on the local server and on the function
// under aws-lambda-rie: no case fails, and the two JUnit reports give every
// case the same outcome.
func TestCorpusLocalAndLambdaAgree(t *testing.T) {
	rie := lambdatest.FindRIE(t)
	t.Setenv("PATH", filepath.Dir(rie)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, name := range []string{"oai-petstore-expanded.yaml", "swaggerapi-petstore3.yaml", "awssamples-powertools-orders-cognito.json"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("..", "..", "..", "shared", "specs", name)
			p := lambdatest.GenerateProject(t, file, lambdatest.WithModule("example.com/corpus"))
			doc, err := spec.Load(context.Background(), file)
			if err != nil {
				t.Fatal(err)
			}
			cases := contract.Derive(p.Result.API, 7, nil, contract.Examples(doc.T, p.Result.API))
			outcomes := map[string]map[string]contract.Outcome{}
			for _, target := range []string{"local", "lambda"} {
				tg, stop, err := contract.Open(context.Background(), contract.Setup{Target: target, ProjectDir: p.Dir, Kind: p.Result.API.Kind})
				if err != nil {
					t.Fatalf("open %s: %v", target, err)
				}
				results := contract.Run(context.Background(), tg, cases, contract.Options{Doc: doc.T, SpecFile: file})
				stop()
				passed := map[contract.Kind]int{}
				for _, r := range results {
					if r.Outcome == contract.Fail {
						t.Errorf("%s: %s failed: %s", target, r.Name, r.Detail)
					}
					if r.Outcome == contract.Pass {
						passed[r.Kind]++
					}
				}
				if passed[contract.Invalid] < 5 {
					t.Errorf("%s: %d invalid cases passed, want the spec's constraints checked (passed per kind: %v)", target, passed[contract.Invalid], passed)
				}
				outcomes[target] = junitFile(t, target, results)
			}
			if len(outcomes["local"]) != len(cases) {
				t.Fatalf("the local report lists %d cases, want %d", len(outcomes["local"]), len(cases))
			}
			for n, o := range outcomes["local"] {
				if outcomes["lambda"][n] != o {
					t.Errorf("%s: local %s, lambda %s", n, o, outcomes["lambda"][n])
				}
			}
		})
	}
}
