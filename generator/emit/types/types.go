// Package types makes the Go types of the generated api package from the
// spec's schemas, through oapi-codegen used as a library: it is the
// adapter around oapi-codegen, the only package that imports it (oapi.go
// calls it; nothing else in specgate does). Before the call it decides the
// names oapi-codegen would otherwise derive, and could derive alike (field
// names and enum constants in fields.go, inline types in inline.go), and
// writes them into the document as x-go-name, x-enum-varnames and
// x-go-type-name. The rest of specgate reads its Result (the source, what
// it declares, its unions and their accessors, found with go/ast in
// unions.go). oapi-codegen keeps package-level state: Emit serialises
// calls into it.
package types

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Source gives the schemas-only spec, keyed by the model's current Go
// names, as decoded JSON (spec.TypesSource), fresh on each call.
type Source interface {
	Document(ctx context.Context) (map[string]any, error)
}

// Result is the types file and what it declares.
type Result struct {
	Source []byte   // gofmt'd Go source without header, starting at the package clause
	Idents []string // top-level identifiers it declares, sorted
	Unions []Union  // the oneOf/anyOf wrappers, whose AsX accessors call decodeAlternative
}

// maxRetries bounds the renaming and simplifying of schemas oapi-codegen
// cannot handle; each step fixes one schema.
const maxRetries = 200

// Emit generates the types. The names oapi-codegen would derive alike are
// decided before it runs (inline.go, fields.go); a component whose name
// oapi-codegen gives an inline type of its own accord (a union element) is
// renamed in the model first. What cannot be decided up front is settled
// on its failure, one schema a time: a duplicate type name it still
// reports (an author's x-go-type-name that is a component's name) renames
// that component; a schema it cannot express (allOf members that cannot
// merge, Go that does not compile) becomes an untyped JSON value. A warning
// says so each time. All of it is deterministic.
func Emit(ctx context.Context, api *model.API, src Source) (*Result, error) {
	mu.Lock()
	defer mu.Unlock()
	for range maxRetries {
		doc, err := src.Document(ctx)
		if err != nil {
			return nil, fmt.Errorf("build types document: %w", err)
		}
		out, err := generate(ctx, doc)
		if err == nil {
			return finish(out)
		}
		var rename *renameComponents
		if errors.As(err, &rename) {
			for _, name := range rename.names {
				newName, ok := api.RenameSchema(name)
				if !ok {
					return nil, fmt.Errorf("oapi-codegen adapter: %w, and none is in the model", err)
				}
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema type %s is the name oapi-codegen gives an inline type of another schema; renamed to %s", name, newName))
			}
			continue
		}
		kind, name := failure(err)
		switch kind {
		case duplicateType:
			if newName, ok := api.RenameSchema(name); ok {
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema type %s collides with a type oapi-codegen derives from another schema; renamed to %s", name, newName))
				continue
			}
		case badSchema:
			if s := findSchema(api, name); s != nil && !s.Opaque {
				s.Opaque = true
				api.Warnings = append(api.Warnings, fmt.Sprintf("schema %s (Go type %s) cannot be expressed as a Go type (%s); it is decoded as an untyped JSON value", s.SpecName, s.GoName, lastCause(err.Error())))
				continue
			}
		case unformattable:
			if s := culprit(ctx, api, src); s != nil {
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
