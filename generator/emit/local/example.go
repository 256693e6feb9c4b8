package local

import (
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Example is one call to show in the generated README: a token with a
// scope, then the request that needs it.
type Example struct {
	Scope  string // the scope as the spec names it ("orders/read"); "" when the call needs none
	Method string // "GET"
	Path   string // "/orders"; parameters written in capitals ("/orders/ORDERID")
	Token  bool   // the call needs a token
}

// ScopeArg is Scope quoted for a POSIX shell when it needs quoting.
func (e Example) ScopeArg() string { return shellQuote(e.Scope) }

// URLArg is the call's URL on the local server, quoted for a POSIX shell.
func (e Example) URLArg() string {
	return "'" + strings.ReplaceAll("http://127.0.0.1:8080"+e.Path, "'", `'\''`) + "'"
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._:-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ExampleCall picks the operation the README shows: the first the function
// serves that needs a scope and takes no parameters, preferring GET; else
// the closest to that.
func ExampleCall(api *model.API) Example {
	var best *model.Operation
	bestScore := -1
	for _, op := range api.LambdaOperations() {
		score := 0
		if op.Method == "GET" {
			score += 4
		}
		if firstScope(op) != "" {
			score += 8
		} else if !op.Access.Anonymous {
			score += 2
		}
		if !hasRequired(op) {
			score++
		}
		if score > bestScore {
			best, bestScore = op, score
		}
	}
	if best == nil {
		return Example{Method: "GET", Path: "/"}
	}
	path := best.Path
	for _, s := range best.Segments {
		if s.Param != "" {
			name := strings.ToUpper(strings.TrimSuffix(s.Param, "+"))
			path = strings.Replace(path, "{"+s.Param+"}", name, 1)
			path = strings.Replace(path, "{"+s.Param+"+}", name, 1)
		}
	}
	return Example{Scope: firstScope(best), Method: best.Method, Path: path, Token: !best.Access.Anonymous}
}

func firstScope(op *model.Operation) string {
	if op.Access.Anonymous {
		return ""
	}
	if s := op.SpecScopes(); len(s) > 0 {
		return s[0]
	}
	return ""
}

func hasRequired(op *model.Operation) bool {
	if op.Body != nil && op.Body.Required {
		return true
	}
	for _, p := range op.Params {
		if p.Required {
			return true
		}
	}
	return false
}
