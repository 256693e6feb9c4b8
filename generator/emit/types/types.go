// Package types makes the Go types of the generated api package from the
// spec's schemas, through oapi-codegen used as a library. It is the one
// place that knows oapi-codegen: the rest of specgate reads its Result
// (the source, what it declares, its unions and their accessors, found
// with go/ast in unions.go). oapi-codegen keeps package-level state: Emit
// must never run concurrently with itself.
package types

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/specgate/specgate/generator/model"
)

// Source gives the schemas-only spec, keyed by the model's current Go names.
type Source interface {
	Document(ctx context.Context) (*openapi3.T, error)
}

// Result is the types file and what it declares.
type Result struct {
	Source []byte   // Go source without header, starting at the package clause
	Idents []string // top-level identifiers it declares, sorted
	Unions []Union  // the oneOf/anyOf wrappers, whose AsX accessors call decodeAlternative
}

// mu serialises calls into oapi-codegen, which keeps global state.
var mu sync.Mutex

var (
	duplicateType = regexp.MustCompile(`duplicate typename '([^']+)'`)
	badSchema     = regexp.MustCompile(`error converting Schema (\S+) to Go type|in schema "([^"]+)"`)
)

// maxRetries bounds the renaming and simplifying of schemas oapi-codegen
// cannot handle; each step fixes one schema.
const maxRetries = 200

// Emit generates the types. Where oapi-codegen cannot name a type (two
// schemas that map to one name) the model's schema is renamed; where it
// cannot express a schema (allOf members that cannot merge), that schema
// becomes an untyped JSON value and a warning says so. Both are
// deterministic.
func Emit(ctx context.Context, api *model.API, src Source) (*Result, error) {
	mu.Lock()
	defer mu.Unlock()
	cfg := codegen.Configuration{
		PackageName: "api",
		Generate:    codegen.GenerateOptions{Models: true},
		OutputOptions: codegen.OutputOptions{
			SkipPrune:                 true,
			ResolveTypeNameCollisions: true,
		},
		// Prefixed enum constants (OrderStatusPending) cannot collide
		// with the router's own names.
		Compatibility:        codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		NoVCSVersionOverride: new(string),
	}
	for range maxRetries {
		doc, err := src.Document(ctx)
		if err != nil {
			return nil, fmt.Errorf("build types document: %w", err)
		}
		out, err := codegen.Generate(doc, cfg)
		if err == nil {
			return finish(out)
		}
		msg := err.Error()
		if m := duplicateType.FindStringSubmatch(msg); m != nil {
			if newName, ok := api.RenameSchema(m[1]); ok {
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema type %s collides with a type oapi-codegen derives from another schema; renamed to %s", m[1], newName))
				continue
			}
		}
		if m := badSchema.FindStringSubmatch(msg); m != nil {
			if s := findSchema(api, m[1]+m[2]); s != nil && !s.Opaque {
				s.Opaque = true
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema %s (Go type %s) cannot be expressed as a Go type (%s); it is decoded as an untyped JSON value", s.SpecName, s.GoName, lastCause(msg)))
				continue
			}
		}
		if unformattable(msg) {
			if s := culprit(ctx, api, src, cfg); s != nil {
				s.Opaque = true
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema %s (Go type %s) cannot be expressed as a Go type (oapi-codegen writes Go for it that does not compile); it is decoded as an untyped JSON value", s.SpecName, s.GoName))
				continue
			}
		}
		return nil, fmt.Errorf("oapi-codegen: %w", err)
	}
	return nil, fmt.Errorf("oapi-codegen: gave up after %d renames", maxRetries)
}

func findSchema(api *model.API, goName string) *model.Schema {
	for _, s := range api.Schemas {
		if s.GoName == goName {
			return s
		}
	}
	return nil
}

func lastCause(msg string) string {
	parts := strings.Split(msg, ": ")
	return parts[len(parts)-1]
}

// finish drops oapi-codegen's header and lists the declared identifiers.
func finish(out string) (*Result, error) {
	i := strings.Index(out, "\npackage ")
	if i < 0 {
		return nil, fmt.Errorf("oapi-codegen output has no package clause")
	}
	src, unions, err := checkUnions([]byte(out[i+1:]))
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), "types.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen output does not parse: %w", err)
	}
	var idents []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				idents = append(idents, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					idents = append(idents, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						idents = append(idents, n.Name)
					}
				}
			}
		}
	}
	sort.Strings(idents)
	return &Result{Source: src, Idents: idents, Unions: unions}, nil
}
