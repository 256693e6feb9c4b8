package generator

import (
	"context"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// Model runs the pipeline up to the model, as Generate does (the spec, the
// configured backends, the resource server), and emits nothing: what
// specgate diff compares.
func Model(ctx context.Context, opts Options) (*spec.Document, *model.API, *spec.TypesSource, error) {
	return buildModel(ctx, opts)
}
