package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// shapeKeys are the schema keywords that give oapi-codegen a Go type.
var shapeKeys = []string{"type", "$ref", "allOf", "oneOf", "anyOf", "not", "properties", "items", "additionalProperties", "enum"}

// typeUntypedResponses writes a copy of a JSON spec in which every response
// body schema without a type (such as SendGrid's `{"nullable": true}`) is
// typed `object`. oapi-codegen's strict server turns such a schema into a
// named interface type with methods, which does not compile ("invalid
// receiver type"). Both generators then read the same copy. It returns the
// copy's path and what was changed; a spec that needs no change is used as
// it is. renamed lists the paths whose parameters were renamed (see
// samePathParamNames).
func typeUntypedResponses(spec, dir string) (path string, changed, renamed []string, err error) {
	if !strings.HasSuffix(spec, ".json") {
		return spec, nil, nil, nil
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		return "", nil, nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, nil, fmt.Errorf("%s: %w", spec, err)
	}
	fix := func(where string, responses any) {
		rs, _ := responses.(map[string]any)
		for _, code := range sortedAny(rs) {
			r, _ := rs[code].(map[string]any)
			content, _ := r["content"].(map[string]any)
			for _, mt := range sortedAny(content) {
				m, _ := content[mt].(map[string]any)
				s, ok := m["schema"].(map[string]any)
				if !ok || hasAny(s, shapeKeys) {
					continue
				}
				s["type"] = "object"
				changed = append(changed, where+" "+code)
			}
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range sortedAny(paths) {
		item, _ := paths[p].(map[string]any)
		for _, method := range sortedAny(item) {
			if op, ok := item[method].(map[string]any); ok {
				fix(strings.ToUpper(method)+" "+p, op["responses"])
			}
		}
	}
	if comps, ok := doc["components"].(map[string]any); ok {
		rs, _ := comps["responses"].(map[string]any)
		for _, name := range sortedAny(rs) {
			fix("components/responses", map[string]any{name: rs[name]})
		}
	}
	renamed = samePathParamNames(doc)
	if len(changed) == 0 && len(renamed) == 0 {
		return spec, nil, nil, nil
	}
	// Written like the published file (sorted keys, tabs, no HTML escapes),
	// so that only the changed schemas differ: minified JSON, one long line,
	// is read much more slowly by the YAML parser behind kin-openapi.
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	if err := enc.Encode(doc); err != nil {
		return "", nil, nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, nil, err
	}
	path = filepath.Join(dir, filepath.Base(spec))
	return path, changed, renamed, os.WriteFile(path, out.Bytes(), 0o644)
}

// samePathParamNames renames path parameters so that every path names the
// parameter at one level of the path tree alike (the first name in sorted
// path order wins): specgate generates a REST API, and API Gateway builds
// one resource per level, so it refuses /a/{id}/b beside /a/{a_id}
// (SendGrid has five). The path and its inline in: path parameters are
// renamed; it returns "old -> new" per path.
func samePathParamNames(doc map[string]any) []string {
	paths, _ := doc["paths"].(map[string]any)
	canon := map[string]string{} // the level's shape ("/a/{}") -> name
	var renamed []string
	for _, p := range sortedAny(paths) {
		segs := strings.Split(p, "/")
		shape := slices.Clone(segs)
		rename := map[string]string{}
		for i, seg := range segs {
			if !strings.HasPrefix(seg, "{") || !strings.HasSuffix(seg, "}") {
				continue
			}
			shape[i] = "{}"
			level := strings.Join(shape[:i+1], "/")
			name := seg[1 : len(seg)-1]
			c, ok := canon[level]
			switch {
			case !ok:
				canon[level] = name
			case c != name && !strings.Contains(p, "{"+c+"}"):
				rename[name] = c
				segs[i] = "{" + c + "}"
			}
		}
		np := strings.Join(segs, "/")
		if len(rename) == 0 || paths[np] != nil {
			continue
		}
		item, _ := paths[p].(map[string]any)
		renameParams(item["parameters"], rename)
		for _, m := range sortedAny(item) {
			if op, ok := item[m].(map[string]any); ok {
				renameParams(op["parameters"], rename)
			}
		}
		delete(paths, p)
		paths[np] = item
		renamed = append(renamed, p+" -> "+np)
	}
	return renamed
}

// renameParams renames the inline in: path parameters of list.
func renameParams(list any, rename map[string]string) {
	ps, _ := list.([]any)
	for _, x := range ps {
		if p, ok := x.(map[string]any); ok && p["in"] == "path" {
			if n, ok := p["name"].(string); ok && rename[n] != "" {
				p["name"] = rename[n]
			}
		}
	}
}

func hasAny(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

func sortedAny(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
