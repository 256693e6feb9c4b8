package evolve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// BenchmarkDiffBox measures one whole gate run (load and model both specs,
// oasdiff's rules, specgate's rules) on the Box API (296 operations)
// against itself minus one operation. Run it with
//
//	go test ./generator/evolve -run '^$' -bench DiffBox -benchmem -count 6
//
// The spec lives in ../shared/specs beside the repository.
func BenchmarkDiffBox(b *testing.B) {
	file := filepath.Join("..", "..", "..", "shared", "specs", "box-openapi.json")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatalf("%v: the shared specs must sit beside the repository (../shared/specs)", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	delete(paths["/files/{file_id}/metadata/{scope}/{template_key}"].(map[string]any), "delete")
	minusOne, _ := json.Marshal(doc)
	next := filepath.Join(b.TempDir(), "box-minus-one.json")
	if err := os.WriteFile(next, minusOne, 0o644); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// An HTTP API, as generate makes Box: its paths name one level's
	// parameter differently, which a REST API refuses.
	opts := Options{Model: spec.Options{Kind: model.HTTP}}
	b.ReportAllocs()
	for b.Loop() {
		base, n, err := LoadPair(ctx, file, "", opts, next, "", opts)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Compare(base, n, nil, Error)
		if err != nil {
			b.Fatal(err)
		}
		if !r.Failed {
			b.Fatal("removing an operation must fail the gate")
		}
	}
}
