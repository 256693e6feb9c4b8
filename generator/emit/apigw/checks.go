package apigw

import (
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// ParamCheck says what API Gateway checks of a parameter before the
// Lambda runs, for the API Gateway column of deploy/validation-report.md:
// a REST API's request validator (on every method) checks that a required
// path, query or header parameter is present, never its value; cookies
// and HTTP APIs get no check.
func ParamCheck(kind model.APIKind, p *model.Param) string {
	if kind != model.REST || !p.Required || p.In == model.InCookie || (p.In == model.InHeader && ignoredHeaders[strings.ToLower(p.Name)]) {
		return "none"
	}
	return "presence"
}

// BodyCheck says what API Gateway checks of an operation's JSON body: on a
// REST API, the body validator checks it against the model compiled from
// its schema (BodyKeywords: not formats, oneOf's exactly-one, not,
// discriminator mappings, null where the spec allows it, nor the parts of
// recursive schemas), and that a required body is there. HTTP APIs check
// nothing.
func BodyCheck(kind model.APIKind, op *model.Operation) string {
	if kind != model.REST || op.Body == nil {
		return "none"
	}
	var c []string
	if op.Body.Required {
		c = append(c, "presence")
	}
	if op.Body.JSON && op.Body.Type != nil {
		c = append(c, "JSON Schema draft 4: "+strings.Join(bodyKeywordGroups, ", ")+" (no formats, oneOf exactness, not, discriminator, nullable types, recursive parts)")
	}
	if len(c) == 0 {
		return "none"
	}
	return strings.Join(c, "; ")
}

// bodyKeywordGroups summarises BodyKeywords for a report.
var bodyKeywordGroups = []string{"type", "enum/const", "required", "properties", "additionalProperties", "items", "uniqueItems",
	"min/maxLength", "pattern", "minimum/maximum (exclusive too)", "multipleOf", "min/maxProperties", "allOf", "anyOf (and oneOf as anyOf)"}
