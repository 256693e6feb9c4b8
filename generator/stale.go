package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"

	"github.com/specgate/specgate/generator/model"
)

// StaleMethods returns the handler methods in src (a file of the team's
// handlers package) that look like operation handlers, taking a
// *api.<X>Request, but whose operation is no longer in api.
func StaleMethods(src []byte, api *model.API) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	current := map[string]bool{}
	for _, op := range api.Operations {
		current[op.GoName] = true
	}
	var stale []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || current[fn.Name.Name] || fn.Type.Params.NumFields() != 2 {
			continue
		}
		star, ok := fn.Type.Params.List[len(fn.Type.Params.List)-1].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		if sel, ok := star.X.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "api" {
				stale = append(stale, fn.Name.Name)
			}
		}
	}
	sort.Strings(stale)
	return stale
}
