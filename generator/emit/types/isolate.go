package types

import (
	"context"

	"github.com/specgate/specgate/generator/model"
)

// culprit finds the schema oapi-codegen writes unparsable Go for by
// generating each schema alone, every other one untyped. It returns nil
// when no single schema is to blame. Only the failure path pays for it.
func culprit(ctx context.Context, api *model.API, src Source) *model.Schema {
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
		if _, err := generate(ctx, doc); err != nil {
			if kind, _ := failure(err); kind == unformattable {
				return s
			}
		}
	}
	return nil
}
