package contract

import (
	"encoding/json"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// Examples returns the spec's JSON request body example of each operation
// of api that has one (the media type's example, else its first named
// example, else the schema's example), by OperationID. A valid case sends
// it instead of a synthesized body.
func Examples(doc *openapi3.T, api *model.API) map[string]any {
	out := map[string]any{}
	if doc == nil || doc.Paths == nil {
		return out
	}
	for _, op := range api.Operations {
		if op.Body == nil || !op.Body.JSON {
			continue
		}
		item := doc.Paths.Value(op.Path)
		if item == nil {
			continue
		}
		o := item.GetOperation(op.Method)
		if o == nil || o.RequestBody == nil || o.RequestBody.Value == nil {
			continue
		}
		mt := o.RequestBody.Value.Content.Get(op.Body.JSONType)
		if mt == nil {
			continue
		}
		var ex any
		switch {
		case mt.Example != nil:
			ex = mt.Example
		case len(mt.Examples) > 0:
			names := make([]string, 0, len(mt.Examples))
			for n := range mt.Examples {
				names = append(names, n)
			}
			sort.Strings(names)
			if e := mt.Examples[names[0]]; e != nil && e.Value != nil {
				ex = e.Value.Value
			}
		case mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil:
			ex = mt.Schema.Value.Example
		}
		if ex == nil {
			continue
		}
		// As encoding/json decodes it, so cases can change it.
		raw, err := json.Marshal(ex)
		if err != nil {
			continue
		}
		var v any
		if json.Unmarshal(raw, &v) == nil {
			out[OperationID(op)] = v
		}
	}
	return out
}
