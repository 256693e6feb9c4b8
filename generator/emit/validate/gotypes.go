package validate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// gkind is how the generated decoder fills a Go type.
type gkind int

const (
	kUnknown gkind = iota // filled by encoding/json after validation
	kString               // string, or a named type of string
	kBool
	kInt   // signed integer of bits
	kUint  // unsigned integer of bits
	kFloat // float of bits
	kTime  // time.Time from a date-time
	kDate  // openapi_types.Date
	kUUID  // openapi_types.UUID
	kBytes // []byte from base64
	kSlice
	kMap // map[string]elem
	kPtr
	kStruct
	kUnion // oapi-codegen's union wrapper: struct{ union json.RawMessage }
	kAny   // interface{}
	kRaw   // json.RawMessage
)

// gtype is a Go type of the generated api package as the decoder sees it.
type gtype struct {
	kind   gkind
	expr   string // the type as written in package api
	bits   int
	elem   *gtype
	fields map[string]*gfield // struct fields by JSON name
	addl   *gfield            // struct's AdditionalProperties map
	why    string             // for kUnknown: why the decoder does not fill it itself
}

type gfield struct {
	goName string
	t      *gtype
}

// goTypes resolves type expressions of the oapi-codegen output.
type goTypes struct {
	specs   map[string]*ast.TypeSpec
	methods map[string]map[string]bool // receiver type -> method names
	named   map[string]*gtype
	fset    *token.FileSet
}

func parseGoTypes(src []byte) (*goTypes, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse Go types: %w", err)
	}
	g := &goTypes{specs: map[string]*ast.TypeSpec{}, methods: map[string]map[string]bool{}, named: map[string]*gtype{}, fset: fset}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					g.specs[ts.Name.Name] = ts
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				continue
			}
			t := d.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			if id, ok := t.(*ast.Ident); ok {
				if g.methods[id.Name] == nil {
					g.methods[id.Name] = map[string]bool{}
				}
				g.methods[id.Name][d.Name.Name] = true
			}
		}
	}
	return g, nil
}

// typeOf resolves a type expression written as Go source.
func (g *goTypes) typeOf(expr string) *gtype {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return &gtype{kind: kUnknown, expr: expr, why: "unparsable type"}
	}
	return g.resolve(e)
}

func (g *goTypes) print(e ast.Expr) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, g.fset, e); err != nil {
		return "any"
	}
	return b.String()
}

func (g *goTypes) resolve(e ast.Expr) *gtype {
	switch e := e.(type) {
	case *ast.Ident:
		return g.ident(e.Name)
	case *ast.SelectorExpr:
		pkg, _ := e.X.(*ast.Ident)
		name := ""
		if pkg != nil {
			name = pkg.Name + "." + e.Sel.Name
		}
		switch name {
		case "time.Time":
			return &gtype{kind: kTime, expr: name}
		case "openapi_types.Date":
			return &gtype{kind: kDate, expr: name}
		case "openapi_types.UUID":
			return &gtype{kind: kUUID, expr: name}
		case "openapi_types.Email":
			return &gtype{kind: kString, expr: name}
		case "json.RawMessage":
			return &gtype{kind: kRaw, expr: name}
		}
		return &gtype{kind: kUnknown, expr: g.print(e), why: "type " + g.print(e)}
	case *ast.StarExpr:
		el := g.resolve(e.X)
		return &gtype{kind: kPtr, expr: "*" + el.expr, elem: el}
	case *ast.ArrayType:
		if e.Len != nil {
			return &gtype{kind: kUnknown, expr: g.print(e), why: "array type"}
		}
		el := g.resolve(e.Elt)
		if el.expr == "byte" || el.expr == "uint8" {
			return &gtype{kind: kBytes, expr: "[]byte"}
		}
		return &gtype{kind: kSlice, expr: "[]" + el.expr, elem: el}
	case *ast.MapType:
		if k, ok := e.Key.(*ast.Ident); !ok || k.Name != "string" {
			return &gtype{kind: kUnknown, expr: g.print(e), why: "map key"}
		}
		el := g.resolve(e.Value)
		return &gtype{kind: kMap, expr: "map[string]" + el.expr, elem: el}
	case *ast.InterfaceType:
		if e.Methods == nil || len(e.Methods.List) == 0 {
			return &gtype{kind: kAny, expr: "interface{}"}
		}
	case *ast.StructType:
		t := &gtype{kind: kStruct, expr: g.print(e)}
		g.fields(t, e)
		return t
	}
	return &gtype{kind: kUnknown, expr: g.print(e), why: "type " + g.print(e)}
}

func (g *goTypes) ident(name string) *gtype {
	switch name {
	case "string":
		return &gtype{kind: kString, expr: name}
	case "bool":
		return &gtype{kind: kBool, expr: name}
	case "int", "int64":
		return &gtype{kind: kInt, expr: name, bits: 64}
	case "int32", "int16", "int8":
		b, _ := strconv.Atoi(strings.TrimPrefix(name, "int"))
		return &gtype{kind: kInt, expr: name, bits: b}
	case "uint", "uint64", "uintptr":
		return &gtype{kind: kUint, expr: name, bits: 64}
	case "uint32", "uint16", "uint8", "byte":
		b, _ := strconv.Atoi(strings.TrimPrefix(name, "uint"))
		if name == "byte" {
			b = 8
		}
		return &gtype{kind: kUint, expr: name, bits: b}
	case "float32":
		return &gtype{kind: kFloat, expr: name, bits: 32}
	case "float64":
		return &gtype{kind: kFloat, expr: name, bits: 64}
	case "any":
		return &gtype{kind: kAny, expr: "interface{}"}
	}
	if t, ok := g.named[name]; ok {
		return t
	}
	ts := g.specs[name]
	if ts == nil {
		return &gtype{kind: kUnknown, expr: name, why: "type " + name + " not declared"}
	}
	if ts.Assign.IsValid() {
		// An alias: the same type under another name.
		t := &gtype{}
		g.named[name] = t
		*t = *g.resolve(ts.Type)
		return t
	}
	t := &gtype{expr: name}
	g.named[name] = t
	switch u := ts.Type.(type) {
	case *ast.StructType:
		if isUnion(u) {
			t.kind = kUnion
			return t
		}
		t.kind = kStruct
		g.fields(t, u)
		if g.methods[name]["UnmarshalJSON"] && t.addl == nil {
			t.kind, t.why = kUnknown, name+" has its own UnmarshalJSON"
		}
		return t
	default:
		under := g.resolve(ts.Type)
		switch under.kind {
		case kString, kBool, kInt, kUint, kFloat, kSlice, kMap, kAny:
			if g.methods[name]["UnmarshalJSON"] {
				t.kind, t.why = kUnknown, name+" has its own UnmarshalJSON"
				return t
			}
			t.kind, t.bits, t.elem = under.kind, under.bits, under.elem
			if under.kind == kAny {
				t.kind, t.why = kUnknown, "named interface type"
			}
		default:
			t.kind, t.why = kUnknown, "type "+name
		}
	}
	return t
}

// isUnion recognises oapi-codegen's oneOf/anyOf wrapper.
func isUnion(st *ast.StructType) bool {
	if st.Fields == nil || len(st.Fields.List) != 1 {
		return false
	}
	f := st.Fields.List[0]
	if len(f.Names) != 1 || f.Names[0].Name != "union" {
		return false
	}
	sel, ok := f.Type.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "RawMessage"
}

func (g *goTypes) fields(t *gtype, st *ast.StructType) {
	t.fields = map[string]*gfield{}
	if st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			// Embedded field: its JSON names are not known here.
			t.kind, t.why = kUnknown, "embedded field"
			return
		}
		tag := ""
		if f.Tag != nil {
			if s, err := strconv.Unquote(f.Tag.Value); err == nil {
				tag = reflect.StructTag(s).Get("json")
			}
		}
		name, _, _ := strings.Cut(tag, ",")
		for _, n := range f.Names {
			if !ast.IsExported(n.Name) {
				continue
			}
			ft := g.resolve(f.Type)
			if name == "-" {
				if n.Name == "AdditionalProperties" && ft.kind == kMap {
					t.addl = &gfield{goName: n.Name, t: ft}
				}
				continue
			}
			jn := name
			if jn == "" {
				jn = n.Name
			}
			t.fields[jn] = &gfield{goName: n.Name, t: ft}
		}
	}
}
