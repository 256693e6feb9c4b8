package lint

import (
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// bodies reports each request body media type the generated validation
// does not check: refused with 415 beside the decoded JSON or form one, or
// handed to the handler raw although its schema says more than bytes.
// model.PlanBody decides, as it does for generate's warning; the finding is
// at the media type's key and says what the warning says.
func (l *linter) bodies(ops []*operation) {
	for _, op := range ops {
		file, rb := l.resolve(op.file, get(op.node, "requestBody"))
		if rb == nil {
			continue
		}
		var media []model.BodyMedia
		pairs(get(rb, "content"), func(k, v *yaml.Node) {
			m := model.BodyMedia{Type: k.Value, Origin: model.Position{File: file, Line: k.Line, Col: k.Column}}
			if sn := get(v, "schema"); sn != nil {
				m.Schema = true
				if _, s := l.resolve(file, sn); s != nil {
					m.Facts = bodySchema(s)
					m.SchemaKey = s
				}
			}
			media = append(media, m)
		})
		for _, u := range model.PlanBody(media).Unchecked {
			f := Finding{File: u.Origin.File, Line: u.Origin.Line, Col: u.Origin.Col, Severity: severityOf("body-not-validated"), Rule: "body-not-validated",
				Message: u.Message(op.method + " " + op.path), Hint: "declare one JSON media type, or an application/x-www-form-urlencoded one with an object schema, per operation; the generated function validates only that one"}
			l.findings = append(l.findings, f)
		}
	}
}

// bodySchema is what model.PlanBody judges a body's schema by, read from
// its node ($ref already followed) as generate reads it from the loaded
// document.
func bodySchema(s *yaml.Node) model.BodySchema {
	var f model.BodySchema
	if t := get(s, "type"); t != nil {
		switch t.Kind {
		case yaml.ScalarNode:
			f.Types = []string{t.Value}
		case yaml.SequenceNode:
			for _, c := range t.Content {
				f.Types = append(f.Types, c.Value)
			}
		}
	}
	for _, k := range []string{"properties", "required", "enum", "pattern", "minLength", "maxLength", "items", "allOf", "oneOf", "anyOf", "not", "additionalProperties"} {
		v := get(s, k)
		switch {
		case v == nil:
		case (k == "properties" || k == "required" || k == "enum" || k == "allOf" || k == "oneOf" || k == "anyOf") && len(v.Content) == 0:
		case k == "pattern" && v.Value == "":
		case k == "minLength" && v.Value == "0":
		case k == "additionalProperties" && v.Kind != yaml.MappingNode:
		default:
			f.Keywords = append(f.Keywords, k)
		}
	}
	return f
}
