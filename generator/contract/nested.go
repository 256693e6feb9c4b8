package contract

import (
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// bodyBreak is one invalid body: the valid one with one constraint broken
// at one place.
type bodyBreak struct {
	name  string // "body /shipTo/city minLength"
	where string // the JSON pointer the 400 must name
	edit  func(root any) any
}

// bodyBreaks lists one invalid body per constraint of schema s at every
// object and array of the valid body v, nested ones included: each
// required property missing, each property's type, bound, enum, pattern
// and format broken, an unexpected property where additionalProperties is
// false, an additional property's value broken, each array's item
// constraints (on its first item) and its minItems, maxItems and
// uniqueItems; minProperties and maxProperties. An optional object or array the valid body leaves out is
// synthesized (with rnd) for the breaks inside it. Inside a union (oneOf,
// anyOf) or not nothing is broken one by one (which alternative a broken
// value fails is not one location); the applicator itself is
// (unionBreaks).
func bodyBreaks(s *model.JSONSchema, v any, rnd *rand.Rand) []bodyBreak {
	w := &breaker{rnd: rnd}
	w.walk(s, v, nil, func(root any) any { return root }, 0)
	return w.out
}

type breaker struct {
	rnd *rand.Rand
	out []bodyBreak
}

// walk adds the breaks of schema s at path, where the valid body, once
// prep has run on it, holds v.
func (w *breaker) walk(s *model.JSONSchema, v any, path []string, prep func(any) any, depth int) {
	if s == nil || s.Bool != nil || depth > maxDepth {
		return
	}
	if len(s.AllOf) > 0 {
		s = flatten(s)
	}
	add := func(loc []string, what string, edit func(root any) any) {
		ptr := pointer(loc)
		name := "body " + ptr + " " + what
		if ptr == "" {
			name = "body " + what
		}
		w.out = append(w.out, bodyBreak{name: name, where: ptr, edit: func(root any) any { return edit(prep(root)) }})
	}
	if len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil {
		// Inside a union, which alternative a broken value fails is not
		// one location: the breaks are of the applicator itself.
		w.unionBreaks(s, v, path, add, depth)
		return
	}
	set := func(loc []string, v any) func(any) any {
		return func(root any) any { return setAt(root, loc, copyJSON(v)) }
	}
	switch x := v.(type) {
	case map[string]any:
		for _, name := range s.Required {
			if p := s.Property(name); p != nil && p.Schema.ReadOnly {
				continue // not required in requests
			}
			if _, ok := x[name]; !ok {
				continue
			}
			loc := at(path, name)
			add(loc, "missing", func(root any) any { return deleteAt(root, loc) })
		}
		for _, prop := range s.Properties {
			if prop.Schema.ReadOnly {
				continue
			}
			loc := at(path, prop.Name)
			for _, bad := range violations(prop.Schema, false) {
				add(loc, bad.keyword, set(loc, bad.value))
			}
		}
		if s.NoAdditional {
			loc := at(path, "zzUnexpected")
			name := "body " + pointer(path) + " additionalProperties"
			if len(path) == 0 {
				name = "body additionalProperties"
			}
			edit := set(loc, true)
			w.out = append(w.out, bodyBreak{name: name, where: pointer(loc), edit: func(root any) any { return edit(prep(root)) }})
		} else if s.Additional != nil && len(s.Properties) == 0 {
			loc := at(path, "zzExtra")
			for _, bad := range violations(s.Additional, false) {
				add(loc, bad.keyword, set(loc, bad.value))
			}
		}
		if s.MaxProperties != nil && *s.MaxProperties < 100 && !s.NoAdditional && !s.Applicators31() {
			// Extra properties the object allows, one more than it may have.
			more := copyJSON(x).(map[string]any)
			extra, err := synth(s.Additional, w.rnd, depth+1)
			for i := 0; err == nil && int64(len(more)) <= *s.MaxProperties; i++ {
				if _, taken := more["zzExtra"+strconv.Itoa(i)]; !taken && s.Property("zzExtra"+strconv.Itoa(i)) == nil {
					more["zzExtra"+strconv.Itoa(i)] = extra
				}
			}
			if err == nil {
				add(path, "maxProperties", set(path, more))
			}
		}
		if s.MinProperties > 0 && int64(len(x)) >= s.MinProperties {
			// Fewer properties than it must have, leaving out optional ones.
			fewer := copyJSON(x).(map[string]any)
			for _, k := range sortedKeys(fewer) {
				if int64(len(fewer)) < s.MinProperties {
					break
				}
				if !slices.Contains(s.Required, k) {
					delete(fewer, k)
				}
			}
			if int64(len(fewer)) < s.MinProperties {
				add(path, "minProperties", set(path, fewer))
			}
		}
		// Adding an optional property must not break the object itself.
		canAdd := s.MaxProperties == nil && !s.Applicators31()
		for _, prop := range s.Properties {
			if prop.Schema.ReadOnly {
				continue
			}
			loc := at(path, prop.Name)
			if pv, ok := x[prop.Name]; ok {
				w.walk(prop.Schema, pv, loc, prep, depth+1)
				continue
			}
			if !canAdd || !composite(prop.Schema) {
				continue
			}
			pv, err := synth(prop.Schema, w.rnd, depth+1)
			if err != nil {
				continue
			}
			with := set(loc, pv)
			w.walk(prop.Schema, pv, loc, func(root any) any { return with(prep(root)) }, depth+1)
		}
	case []any:
		if s.Items == nil || len(x) == 0 {
			return
		}
		if s.MinItems > 0 && int64(len(x)) >= s.MinItems {
			add(path, "minItems", set(path, append([]any{}, x[:s.MinItems-1]...)))
		}
		if s.MaxItems != nil && *s.MaxItems < 1000 && !s.UniqueItems {
			long := make([]any, *s.MaxItems+1)
			for i := range long {
				long[i] = x[0]
			}
			add(path, "maxItems", set(path, long))
		}
		if s.UniqueItems && (s.MaxItems == nil || *s.MaxItems >= 2) && s.MinItems <= 2 {
			add(path, "uniqueItems", set(path, []any{x[0], x[0]}))
		}
		loc := at(path, "0")
		for _, bad := range violations(s.Items, false) {
			add(loc, bad.keyword, set(loc, bad.value))
		}
		w.walk(s.Items, x[0], loc, prep, depth+1)
	}
}

// composite reports whether s is an object or array schema: what an
// optional property must be for breaks inside it to exist.
func composite(s *model.JSONSchema) bool {
	if len(s.AllOf) > 0 {
		s = flatten(s)
	}
	return s.Types != nil && !s.Permits("string") && (s.Permits("object") || s.Permits("array"))
}

// copyJSON copies a decoded JSON value, so a case can change its own.
func copyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyJSON(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = copyJSON(e)
		}
		return a
	}
	return v
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func at(path []string, token string) []string {
	return append(append([]string(nil), path...), token)
}

// pointer is path as a JSON pointer ("" for the root).
func pointer(path []string) string {
	var b strings.Builder
	for _, t := range path {
		b.WriteString("/")
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// setAt sets the value at path in root (a copy the case owns) and returns
// the root.
func setAt(root any, path []string, v any) any {
	if len(path) == 0 {
		return v
	}
	parent := lookup(root, path[:len(path)-1])
	last := path[len(path)-1]
	switch c := parent.(type) {
	case map[string]any:
		c[last] = v
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(c) {
			c[i] = v
		}
	}
	return root
}

// deleteAt removes the object property at path.
func deleteAt(root any, path []string) any {
	if m, ok := lookup(root, path[:len(path)-1]).(map[string]any); ok {
		delete(m, path[len(path)-1])
	}
	return root
}

func lookup(v any, path []string) any {
	for _, t := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}
