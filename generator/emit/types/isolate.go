package types

import (
	"context"
	"strings"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/specgate/specgate/generator/model"
)

// unformattable reports whether oapi-codegen failed because the Go it wrote
// does not parse (for example nested anyOf/oneOf of only type: null): its
// error names a line of its own output, not a schema.
func unformattable(msg string) bool {
	return strings.Contains(msg, "error formatting Go code")
}

// culprit finds the schema oapi-codegen writes unparsable Go for by
// generating each schema alone, every other one untyped. It returns nil
// when no single schema is to blame. Only the failure path pays for it.
func culprit(ctx context.Context, api *model.API, src Source, cfg codegen.Configuration) *model.Schema {
	var candidates []*model.Schema
	for _, s := range api.Schemas {
		if !s.Opaque {
			candidates = append(candidates, s)
		}
	}
	defer func() {
		for _, s := range candidates {
			s.Opaque = false
		}
	}()
	for _, s := range candidates {
		for _, o := range candidates {
			o.Opaque = o != s
		}
		doc, err := src.Document(ctx)
		if err != nil {
			continue
		}
		if _, err := codegen.Generate(doc, cfg); err != nil && unformattable(err.Error()) {
			return s
		}
	}
	return nil
}
