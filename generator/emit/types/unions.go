package types

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Union is a oneOf/anyOf wrapper type oapi-codegen wrote, with its AsX
// accessors in the order of the union's alternatives.
type Union struct {
	Type      string     // the union's Go type: "NewOrder_Payment"
	Accessors []Accessor // in alternative order
}

// Accessor is one AsX method of a union.
type Accessor struct {
	Method string // "AsCardPayment"
	Alt    string // the alternative's Go type: "CardPayment"
}

// Key names the accessor for decodeAlternative: "Union.AsX".
func (a Accessor) Key(union string) string { return union + "." + a.Method }

// checkUnions finds, with go/ast, every AsX accessor oapi-codegen writes
// for a union (func (t U) AsX() (X, error) { var body X; err :=
// json.Unmarshal(t.union, &body); return body, err }) and makes it decode
// with the request validation's decoder instead: decodeAlternative(t.union,
// "U.AsX", &body), emitted by emit/validate, which fails unless the kept
// JSON is a valid X, where encoding/json would hand any JSON over. The
// accessor names itself: alternatives' Go types can be the same (aliases
// such as = string), their schemas not. It returns the rewritten source
// and the unions in source order.
func checkUnions(src []byte) ([]byte, []Union, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("oapi-codegen output does not parse: %w", err)
	}
	type edit struct {
		from, to int
		text     string
	}
	var edits []edit
	var unions []Union
	index := map[string]int{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fn.Name.Name, "As") {
			continue
		}
		union, call, ok := unionAccessor(fn)
		if !ok {
			continue
		}
		alt := string(src[fset.Position(fn.Type.Results.List[0].Type.Pos()).Offset:fset.Position(fn.Type.Results.List[0].Type.End()).Offset])
		i, seen := index[union]
		if !seen {
			i = len(unions)
			index[union] = i
			unions = append(unions, Union{Type: union})
		}
		a := Accessor{Method: fn.Name.Name, Alt: alt}
		unions[i].Accessors = append(unions[i].Accessors, a)
		edits = append(edits, edit{fset.Position(call.Pos()).Offset, fset.Position(call.End()).Offset,
			fmt.Sprintf("decodeAlternative(t.union, %q, &body)", a.Key(union))})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.from:e.from], append([]byte(e.text), out[e.to:]...)...)
	}
	return out, unions, nil
}

// unionAccessor recognises oapi-codegen's AsX accessor of a union: a
// value receiver t of a named type, results (X, error), and a body whose
// second statement is err := json.Unmarshal(t.union, &body). It returns
// the union's type and that call.
func unionAccessor(fn *ast.FuncDecl) (string, *ast.CallExpr, bool) {
	if fn.Recv == nil || len(fn.Recv.List) != 1 || len(fn.Recv.List[0].Names) != 1 || fn.Recv.List[0].Names[0].Name != "t" {
		return "", nil, false
	}
	recv, ok := fn.Recv.List[0].Type.(*ast.Ident)
	if !ok || fn.Type.Results == nil || len(fn.Type.Results.List) != 2 || fn.Body == nil || len(fn.Body.List) != 3 {
		return "", nil, false
	}
	if e, ok := fn.Type.Results.List[1].Type.(*ast.Ident); !ok || e.Name != "error" {
		return "", nil, false
	}
	assign, ok := fn.Body.List[1].(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 {
		return "", nil, false
	}
	call, ok := assign.Rhs[0].(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", nil, false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Unmarshal" || !isIdent(sel.X, "json") {
		return "", nil, false
	}
	if sel, ok := call.Args[0].(*ast.SelectorExpr); !ok || sel.Sel.Name != "union" || !isIdent(sel.X, "t") {
		return "", nil, false
	}
	return recv.Name, call, true
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
