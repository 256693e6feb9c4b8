package validate

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"

	"github.com/specgate/specgate/generator/model"
)

// paramLookup writes the lookup of one parameter's value: present always,
// text (its one value) and vals (a query parameter's values) only when the
// checks that follow use them.
func paramLookup(b *bytes.Buffer, p *model.Param, pathIdx int, text, vals bool) {
	textVar := "_"
	if text {
		textVar = "text"
	}
	switch p.In {
	case model.InPath:
		if text {
			fmt.Fprintf(b, "text, present := pathVals[%d], true\n", pathIdx)
		} else {
			b.WriteString("present := true\n")
		}
	case model.InQuery, model.InCookie:
		if p.In == model.InQuery {
			fmt.Fprintf(b, "vals := r.QueryValues(%q)\n", p.Name)
		} else {
			fmt.Fprintf(b, "vals := r.CookieValues(%q)\n", p.Name)
		}
		if text {
			b.WriteString("text, present := apirt.First(vals)\n")
		} else {
			b.WriteString("present := len(vals) > 0\n")
		}
		return
	case model.InHeader:
		fmt.Fprintf(b, "%s, present := r.HeaderValue(%q)\n", textVar, p.Name)
	}
	if vals {
		b.WriteString("var vals []string\n")
	}
}

// usesIdent reports whether the Go statements src refer to the identifier
// name (in code, not in a string or comment).
func usesIdent(src []byte, name string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == token.EOF:
			return false
		case tok == token.IDENT && lit == name:
			return true
		}
	}
}
