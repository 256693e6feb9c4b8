package writer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// declarations maps each top-level name the Go files of a directory
// declare (functions, methods of any receiver, types) to the first file,
// relative to root and slash-separated, that declares it. Test files and
// files that do not parse declare nothing. Directories are read once.
type declarations struct {
	root string
	dirs map[string]map[string]string
}

// declaredIn returns the file of dir (relative, slash-separated) that
// declares name, or "".
func (d *declarations) declaredIn(dir, name string) string {
	if d.dirs == nil {
		d.dirs = map[string]map[string]string{}
	}
	names, ok := d.dirs[dir]
	if !ok {
		names = readDeclarations(d.root, dir)
		d.dirs[dir] = names
	}
	return names[name]
}

func readDeclarations(root, dir string) map[string]string {
	names := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return names
	}
	var files []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			files = append(files, n)
		}
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	for _, n := range files {
		rel := path.Join(dir, n)
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		add := func(name string) {
			if _, ok := names[name]; !ok {
				names[name] = rel
			}
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				add(decl.Name.Name)
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						add(ts.Name.Name)
					}
				}
			}
		}
	}
	return names
}
