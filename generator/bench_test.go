package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
)

// BenchmarkGenerate measures the whole pipeline (load, model, every
// emitter, plan) on large published specs, as they are. Run it with
//
//	go test ./generator -run '^$' -bench BenchmarkGenerate -benchmem -count 5
//
// The specs live in ../shared/specs beside the repository.
func BenchmarkGenerate(b *testing.B) {
	for _, c := range []struct{ name, file string }{
		{"okta-585-ops", "okta-management-2024.06.1.yaml"},
		{"box-296-ops", "box-openapi.json"},
		{"sendgrid-334-ops", "kinopenapi-sendgrid-v3.json"},
		{"print-shop", ""},
	} {
		path := filepath.Join("..", "..", "shared", "specs", c.file)
		if c.file == "" {
			path = filepath.Join("..", "testdata", "print-shop.yaml")
		}
		if _, err := os.Stat(path); err != nil {
			b.Fatalf("%v: the shared specs must sit beside the repository (../shared/specs)", err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// An HTTP API: Okta's and Box's paths name one level's
				// parameter differently, which a REST API refuses.
				res, err := generator.Generate(context.Background(), generator.Options{SpecPath: path, Kind: model.HTTP})
				if err != nil {
					b.Fatal(err)
				}
				if res.Files.Len() == 0 {
					b.Fatal("no files planned")
				}
			}
		})
	}
}
