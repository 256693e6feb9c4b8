package types

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/specgate/specgate/generator/spec"
)

// This file is the only code that calls oapi-codegen to write Go. What it
// is given is settled before the call: field names (fields.go), enum
// constant names (fields.go) and the names of the inline types it hoists
// (inline.go) are in the document as x-go-name, x-enum-varnames and
// x-go-type-name. Its error messages are read in one place only (failure,
// below), for the cases no name can be decided up front.

// mu serialises calls into oapi-codegen, which keeps global state.
var mu sync.Mutex

// config is how specgate runs oapi-codegen: models only, every schema
// kept, prefixed enum constants (OrderStatusPending), which cannot collide
// with the router's own names.
func config() codegen.Configuration {
	return codegen.Configuration{
		PackageName: "api",
		Generate:    codegen.GenerateOptions{Models: true},
		OutputOptions: codegen.OutputOptions{
			SkipPrune:                 true,
			ResolveTypeNameCollisions: true,
		},
		Compatibility:        codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		NoVCSVersionOverride: new(string),
	}
}

// renameComponents is generate's answer when component schemas must be
// renamed in the model first: oapi-codegen names inline types of its own
// accord (union elements, hoisted array items) as they are called.
type renameComponents struct{ names []string }

func (e *renameComponents) Error() string {
	return fmt.Sprintf("schema types %s are names oapi-codegen gives inline types", strings.Join(e.names, ", "))
}

// generate names what doc leaves to oapi-codegen and runs it. doc is the
// decoded JSON of a schemas-only spec (TypesSource.Document); it is changed.
// It returns a *renameComponents, without running oapi-codegen, when
// components must be renamed first. Callers hold mu.
func generate(ctx context.Context, doc map[string]any) (string, error) {
	schemas := componentSchemas(doc)
	for _, v := range schemas {
		dedupeFieldNames(v)
	}
	version, _ := doc["openapi"].(string)
	if taken := nameInlineTypes(schemas, strings.HasPrefix(version, "3.1")); len(taken) > 0 {
		return "", &renameComponents{taken}
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	loader := openapi3.NewLoader()
	loader.Context = ctx
	t, err := loader.LoadFromData(spec.MarkJSON(data))
	if err != nil {
		return "", fmt.Errorf("load types document: %w", err)
	}
	return codegen.Generate(t, config())
}

// componentSchemas is doc's components/schemas map (nil if none).
func componentSchemas(doc map[string]any) map[string]any {
	c, _ := doc["components"].(map[string]any)
	s, _ := c["schemas"].(map[string]any)
	return s
}

// failureKind is what an oapi-codegen failure says went wrong.
type failureKind int

const (
	otherFailure  failureKind = iota
	duplicateType             // two types of one name it cannot settle: Name
	badSchema                 // a schema it cannot express: Name (a Go type name)
	unformattable             // the Go it wrote does not parse; no schema named
)

// failure reads oapi-codegen's error: the only place its messages are
// matched. It returns what went wrong and the Go type name it names.
func failure(err error) (failureKind, string) {
	msg := err.Error()
	if m := duplicateTypeMsg.FindStringSubmatch(msg); m != nil {
		return duplicateType, m[1]
	}
	if m := badSchemaMsg.FindStringSubmatch(msg); m != nil {
		return badSchema, m[1] + m[2]
	}
	if strings.Contains(msg, "error formatting Go code") {
		return unformattable, ""
	}
	return otherFailure, ""
}

var (
	duplicateTypeMsg = regexp.MustCompile(`duplicate typename '([^']+)'`)
	badSchemaMsg     = regexp.MustCompile(`error converting Schema (\S+) to Go type|in schema "([^"]+)"`)
)

// typeName is the Go type name oapi-codegen derives from a schema path
// (component, then property names or element indexes) when it hoists an
// inline enum or union element into a type of its own.
func typeName(path []string) string {
	return codegen.SchemaNameToTypeName(codegen.PathToTypeName(append([]string(nil), path...)))
}

// hoistName is the Go type name oapi-codegen gives an inline union or
// object with additionalProperties that it hoists from a property, array
// items or additionalProperties: the path's parts joined by "_".
func hoistName(path []string) string {
	return codegen.PathToTypeName(append([]string(nil), path...))
}

// fieldName is the Go name oapi-codegen gives a property (or an enum
// value): it panics on names it cannot sanitize, reported as "".
func fieldName(s string) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	return codegen.SchemaNameToTypeName(s)
}

// sanitize is oapi-codegen's SanitizeGoIdentity.
func sanitize(s string) string { return codegen.SanitizeGoIdentity(s) }
