package writer

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// declarations answers whether the team's Go code already declares what a
// scaffold would: a name declared in the scaffold's directory (a function,
// a method of any receiver, a type, an interface method), or one a type of
// that directory gets by embedding (followed into the module's other
// packages). Directories are read once; test files and files that do not
// parse declare nothing.
type declarations struct {
	root   string
	module string // the module path of root/go.mod, once read
	read   bool
	dirs   map[string]*dirDecls
}

// dirDecls is what one directory's Go files declare.
type dirDecls struct {
	names  map[string]string  // name -> the file declaring it first (relative to root)
	embeds map[string][]embed // type -> the types its struct (or interface) embeds
}

// embed is an embedded type: pkg is its import path ("" for the same
// package), typ its name.
type embed struct{ pkg, typ string }

// covered reports where name is already declared for a scaffold declaring
// decl ("Name", or "Type.Name" for a method) in dir: a file, or a note that
// an embedded type from outside the module may provide it; "" when nothing
// does.
func (d *declarations) covered(dir, decl string) string {
	recv, name, isMethod := strings.Cut(decl, ".")
	if !isMethod {
		name = recv
	}
	if f := d.dir(d.root, dir).names[name]; f != "" {
		return name + " in " + f
	}
	if !isMethod {
		return ""
	}
	type place struct{ root, dir, typ string }
	seen := map[place]bool{}
	var follow func(at place, depth int) string
	follow = func(at place, depth int) string {
		for _, e := range d.dir(at.root, at.dir).embeds[at.typ] {
			next := place{at.root, at.dir, e.typ}
			if e.pkg != "" {
				if rel, ok := d.moduleDir(e.pkg); ok {
					next = place{d.root, rel, e.typ}
				} else if std, ok := stdDir(e.pkg); ok {
					next = place{"", std, e.typ}
				} else {
					return name + " may come from " + e.pkg + "." + e.typ + ", which " + recv + " embeds from outside the module"
				}
				if f := d.dir(next.root, next.dir).names[name]; f != "" {
					return name + " in " + f
				}
			}
			if seen[next] || depth > 8 {
				continue
			}
			seen[next] = true
			if found := follow(next, depth+1); found != "" {
				return found
			}
		}
		return ""
	}
	return follow(place{d.root, dir, recv}, 0)
}

// stdDir is the source directory of a standard library package (an
// import path whose first element has no dot), read as the module's
// packages are: a Service embedding sync.Mutex or *slog.Logger still gets
// its stubs.
func stdDir(importPath string) (string, bool) {
	first, _, _ := strings.Cut(importPath, "/")
	if strings.Contains(first, ".") || build.Default.GOROOT == "" {
		return "", false
	}
	dir := filepath.Join(build.Default.GOROOT, "src", filepath.FromSlash(importPath))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", false
	}
	return dir, true
}

// moduleDir maps an import path inside root's module to its directory.
func (d *declarations) moduleDir(importPath string) (string, bool) {
	if !d.read {
		d.read = true
		if data, err := os.ReadFile(filepath.Join(d.root, "go.mod")); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
					d.module = strings.Trim(f[1], `"`)
					break
				}
			}
		}
	}
	switch {
	case d.module == "":
		return "", false
	case importPath == d.module:
		return ".", true
	case strings.HasPrefix(importPath, d.module+"/"):
		return strings.TrimPrefix(importPath, d.module+"/"), true
	}
	return "", false
}

// dir reads what the Go files of root/dir declare, once.
func (d *declarations) dir(root, dir string) *dirDecls {
	if d.dirs == nil {
		d.dirs = map[string]*dirDecls{}
	}
	key := root + "\x00" + dir
	if dd, ok := d.dirs[key]; ok {
		return dd
	}
	dd := readDeclarations(root, dir)
	d.dirs[key] = dd
	return dd
}

func readDeclarations(root, dir string) *dirDecls {
	dd := &dirDecls{names: map[string]string{}, embeds: map[string][]embed{}}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return dd
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
			if _, ok := dd.names[name]; !ok {
				dd.names[name] = rel
			}
		}
		imports := map[string]string{} // the name a file uses -> import path
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				add(decl.Name.Name)
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						continue
					}
					add(ts.Name.Name)
					var fields *ast.FieldList
					switch t := ts.Type.(type) {
					case *ast.StructType:
						fields = t.Fields
					case *ast.InterfaceType:
						fields = t.Methods
					}
					if fields == nil {
						continue
					}
					for _, fld := range fields.List {
						if len(fld.Names) > 0 {
							if _, isFunc := fld.Type.(*ast.FuncType); isFunc {
								for _, m := range fld.Names {
									add(m.Name) // an interface method
								}
							}
							continue
						}
						if e, ok := embedded(fld.Type, imports); ok {
							dd.embeds[ts.Name.Name] = append(dd.embeds[ts.Name.Name], e)
						}
					}
				}
			}
		}
	}
	return dd
}

// embedded names the type of an embedded field: T, *T, pkg.T, *pkg.T
// (type arguments dropped).
func embedded(x ast.Expr, imports map[string]string) (embed, bool) {
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	switch t := x.(type) {
	case *ast.IndexExpr:
		return embedded(t.X, imports)
	case *ast.IndexListExpr:
		return embedded(t.X, imports)
	case *ast.Ident:
		return embed{typ: t.Name}, true
	case *ast.SelectorExpr:
		if pkg, ok := t.X.(*ast.Ident); ok {
			if p, ok := imports[pkg.Name]; ok {
				return embed{pkg: p, typ: t.Sel.Name}, true
			}
		}
	}
	return embed{}, false
}
