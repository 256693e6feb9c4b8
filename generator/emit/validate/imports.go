package validate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// knownImports are the packages generated validation code may use, by the
// name the code refers to them with.
var knownImports = map[string]string{
	"json":          `"encoding/json"`,
	"regexp":        `"regexp"`,
	"sync":          `"sync"`,
	"time":          `"time"`,
	"jx":            `"github.com/go-faster/jx"`,
	"openapi_types": `openapi_types "github.com/oapi-codegen/runtime/types"`,
}

// importBlock is the import declaration of the generated Go file body (the
// file without its package clause and imports): exactly the known packages
// body refers to (and the project's runtime, module/internal/apirt, in a
// group of its own), standard library first, then a blank line and the rest,
// each group sorted. A body that does not parse gets no imports; formatting
// it then reports the located error.
func importBlock(body, module string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package api\n"+body, parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	// Declared names that shadow a package name at file scope would make a
	// selector on them no package use; generated code declares none, but
	// guard anyway.
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, s := range g.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						declared[n.Name] = true
					}
				case *ast.TypeSpec:
					declared[s.Name.Name] = true
				}
			}
		}
	}
	used := map[string]bool{}
	rtImport := `"` + module + `/internal/apirt"`
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && !declared[id.Name] {
				if imp, ok := knownImports[id.Name]; ok {
					used[imp] = true
				} else if id.Name == "apirt" {
					used[rtImport] = true
				}
			}
		}
		return true
	})
	if len(used) == 0 {
		return ""
	}
	var std, other []string
	for imp := range used {
		path := imp[strings.Index(imp, `"`)+1:]
		if imp == rtImport {
			continue // in a group of its own, last
		}
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			other = append(other, imp)
		} else {
			std = append(std, imp)
		}
	}
	byPath := func(l []string) {
		sort.Slice(l, func(i, j int) bool {
			return l[i][strings.Index(l[i], `"`):] < l[j][strings.Index(l[j], `"`):]
		})
	}
	byPath(std)
	byPath(other)
	var b strings.Builder
	b.WriteString("import (\n")
	for _, imp := range std {
		b.WriteString("\t" + imp + "\n")
	}
	if len(std) > 0 && len(other) > 0 {
		b.WriteString("\n")
	}
	for _, imp := range other {
		b.WriteString("\t" + imp + "\n")
	}
	if used[rtImport] {
		if len(std)+len(other) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("\t" + rtImport + "\n")
	}
	b.WriteString(")\n")
	return b.String()
}
