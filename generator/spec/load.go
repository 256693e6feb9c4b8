// Package spec reads specs with kin-openapi (emit/types also hands
// kin-openapi's document to oapi-codegen, and contract checks answers with
// it). It loads a spec (OpenAPI 3.0, 3.1 or Swagger 2.0, with relative
// external $refs), checks what specgate cannot support, and turns the rest
// into a model.API. ParsePath is the one reader of path templates.
package spec

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/yaml"

	"github.com/specgate/specgate/generator/model"
)

// Problem is one thing wrong with a spec, at a place in it.
type Problem struct {
	Pos  model.Position
	Msg  string
	Hint string // what to do about it; may be empty
}

// Error formats the problem as "file:line:col: msg (hint)".
func (p Problem) Error() string {
	s := p.Msg
	if pos := p.Pos.String(); pos != "" {
		s = pos + ": " + s
	}
	if p.Hint != "" {
		s += "\n\thint: " + p.Hint
	}
	return s
}

// Error is every problem found in a spec. It means the input is wrong (exit
// code 1), not that specgate failed.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

func problemf(pos model.Position, hint, format string, args ...any) Problem {
	return Problem{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Document is a loaded spec with external $refs moved into its components.
type Document struct {
	T        *openapi3.T
	File     string   // path as given
	Swagger2 bool     // converted from Swagger 2.0 (no source positions)
	Warnings []string // validation findings that do not stop generation
	// Intrinsics are the CloudFormation intrinsics of a spec written for
	// SAM, in the order found.
	Intrinsics []Intrinsic
	// Sources are the files the spec was read from (the root file and every
	// file its $refs reached), sorted by path: what a record of generation's
	// inputs must hash.
	Sources []Source
}

// Source is one file a spec was read from.
type Source struct {
	Path string   // absolute and clean
	Sum  [32]byte // SHA-256 of the bytes read
}

// addSource records data as read from path, once per path.
func (d *Document) addSource(path string, data []byte) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	sum := sha256.Sum256(data)
	for i, s := range d.Sources {
		if s.Path == abs {
			if s.Sum != sum {
				// Read twice with different bytes (changed while loading): no
				// record may claim either, and no file hashes to zero.
				d.Sources[i].Sum = [32]byte{}
			}
			return
		}
	}
	d.Sources = append(d.Sources, Source{Path: abs, Sum: sum})
}

// intrinsicAt returns the intrinsic whose value is at the JSON pointer ptr
// of the root file, or nil.
func (d *Document) intrinsicAt(ptr string) *Intrinsic {
	for i, in := range d.Intrinsics {
		if in.Pointer == ptr && in.Pos.File == d.File {
			return &d.Intrinsics[i]
		}
	}
	return nil
}

// Load reads the spec at path. Remote $refs are refused: generation never
// touches the network. A file that cannot be read is returned as is (an I/O
// error); a spec that cannot be parsed is an *Error.
func Load(ctx context.Context, path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fileOnly := model.Position{File: path}
	doc := &Document{File: path}
	doc.addSource(path, data)
	absRoot, _ := filepath.Abs(path)
	// docStart is the line where the root file got a document start marker
	// (see jsonDocStart); 0: none.
	docStart, tryDocStart := 0, jsonDocStarts
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.IsExternalRefsAllowed = true
	loader.IncludeOrigin = true
	// CloudFormation intrinsics are rewritten in every file before
	// kin-openapi reads it (see intrinsics.go).
	loader.ReadFromURIFunc = func(l *openapi3.Loader, location *url.URL) ([]byte, error) {
		data, err := readLocalOnly(l, location)
		if err != nil {
			return nil, err
		}
		file := filepath.FromSlash(location.Path)
		doc.addSource(file, data)
		if file == absRoot {
			file = path
		}
		data, found := rewriteIntrinsics(file, data)
		doc.Intrinsics = append(doc.Intrinsics, found...)
		if file == path && tryDocStart {
			data, docStart = jsonDocStart(data)
		}
		return data, nil
	}
	if isSwagger2(data) {
		doc.Swagger2 = true
		rewritten, found := rewriteIntrinsics(path, data)
		doc.Intrinsics = append(doc.Intrinsics, found...)
		v2, perr := ReadSwagger2(path, rewritten)
		if perr != nil {
			return nil, perr
		}
		abs, _ := filepath.Abs(path)
		doc.T, err = openapi2conv.ToV3WithLoader(v2, loader, &url.URL{Path: filepath.ToSlash(abs)})
		if err != nil {
			if ps := diagnose(path, data, err); len(ps) > 0 {
				return nil, &Error{ps}
			}
			return nil, &Error{[]Problem{problemf(fileOnly, "", "cannot convert Swagger 2.0 to OpenAPI 3: %v", err)}}
		}
	} else {
		doc.T, err = loader.LoadFromFile(path)
		if err != nil && docStart > 0 {
			// Read it again as it is, so that what is wrong is said as
			// before (a JSON document with duplicate keys, which YAML
			// refuses, loads through encoding/json; "--- {" is no JSON).
			tryDocStart, docStart, doc.Intrinsics = false, 0, nil
			again := openapi3.NewLoader()
			again.Context, again.IsExternalRefsAllowed, again.IncludeOrigin = ctx, true, true
			again.ReadFromURIFunc = loader.ReadFromURIFunc
			doc.T, err = again.LoadFromFile(path)
		}
		if err != nil {
			if ps := diagnose(path, data, err); len(ps) > 0 {
				return nil, &Error{ps}
			}
			return nil, &Error{[]Problem{problemf(fileOnly, loadHint(err), "cannot load spec: %s", strings.TrimSpace(err.Error()))}}
		}
		if doc.T.OpenAPI == "" {
			return nil, &Error{[]Problem{problemf(fileOnly, `start the document with "openapi: 3.0.3" (or "swagger: \"2.0\"")`, "not an OpenAPI document: no openapi or swagger version field")}}
		}
	}
	if doc.T.Paths == nil {
		doc.T.Paths = openapi3.NewPaths()
	}
	sort.Slice(doc.Sources, func(i, j int) bool { return doc.Sources[i].Path < doc.Sources[j].Path })
	sort.SliceStable(doc.Intrinsics, func(i, j int) bool {
		a, b := doc.Intrinsics[i].Pos, doc.Intrinsics[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	for _, in := range doc.Intrinsics {
		if in.StandIn != "" && !(in.Pointer == "/info/title" && in.Pos.File == path) { // ToModel: the service name stands in
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("%s: %s: the CloudFormation intrinsic %s has a value only once deployed; specgate reads %q here, and deploy/openapi.yaml carries the stand-in", in.Pos, in.Pointer, in.Func, in.StandIn))
		}
	}
	doc.T.InternalizeRefs(ctx, nil)
	// Examples, defaults and patterns are not the contract: they are checked
	// where they matter (patterns by the validation code), not here.
	err = doc.T.Validate(ctx, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation(), openapi3.EnableMultiError())
	if err != nil {
		for _, line := range uniqueLines(err) {
			if strings.Contains(line, "must define exactly all path parameters") {
				// ToModel checks path parameters itself, and understands {name+}.
				continue
			}
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("%s: spec does not validate (generating anyway): %s", path, line))
		}
	}
	return doc, nil
}

// ReadSwagger2 decodes a Swagger 2.0 document the way generate reads it,
// or says (with a position) why it cannot: lint reports the same problem.
func ReadSwagger2(path string, data []byte) (*openapi2.T, *Error) {
	fileOnly := model.Position{File: path}
	jsonData, err := yaml.YAMLToJSON(data)
	if err != nil {
		if _, p := ParseYAML(path, data); p != nil {
			return nil, &Error{[]Problem{*p}}
		}
		return nil, &Error{[]Problem{problemf(fileOnly, SyntaxHint, "cannot parse Swagger 2.0 document: %v", err)}}
	}
	var v2 openapi2.T
	if err := json.Unmarshal(jsonData, &v2); err != nil {
		pos := fileOnly
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && json.Valid(data) {
			pos = offsetPosition(path, data, typeErr.Offset)
		} else if loc := arrayTypeOrItems.FindIndex(data); loc != nil {
			pos = offsetPosition(path, data, int64(loc[0]))
		}
		hint := "specgate reads Swagger 2.0 through kin-openapi, which accepts only one type name per schema and one schema per items; convert the spec to OpenAPI 3 (for example with swagger2openapi) or fix those schemas"
		if !strings.Contains(err.Error(), "Schema") {
			// Not a schema: a field of the wrong type (the hint must name the real cause).
			hint = "the field the message names has a type Swagger 2.0 does not allow there; fix it"
		}
		return nil, &Error{[]Problem{problemf(pos, hint, "cannot read Swagger 2.0 document: %s", firstLine(err.Error()))}}
	}
	return &v2, nil
}

// offsetPosition turns a byte offset into a file position.
func offsetPosition(file string, data []byte, offset int64) model.Position {
	if offset < 0 || offset > int64(len(data)) {
		return model.Position{File: file}
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return model.Position{File: file, Line: line, Col: col}
}

// readLocalOnly reads $ref targets from the local file system only.
func readLocalOnly(loader *openapi3.Loader, location *url.URL) ([]byte, error) {
	if location.Scheme != "" && location.Scheme != "file" {
		return nil, fmt.Errorf("remote $ref %q refused: specgate never reads the network; download the file next to the spec and refer to it by a relative path", location.String())
	}
	// A device or FIFO (/dev/zero, /dev/stdin) would never end or block:
	// only regular files are spec files.
	p := filepath.Clean(filepath.FromSlash(location.Path))
	if fi, err := os.Stat(p); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("$ref %q refused: %s is not a regular file", location.String(), p)
	}
	return openapi3.ReadFromFile(loader, location)
}

// isSwagger2 reports whether data declares swagger: "2.0" and no openapi
// version, at the top level of YAML or anywhere in JSON.
func isSwagger2(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if openapiKey.Match(head) || !bytes.Contains(data, []byte("swagger")) {
		return false // the common cases, without scanning a large file twice
	}
	return swaggerKey.Match(data) && !openapiKey.Match(data)
}

var (
	arrayTypeOrItems = regexp.MustCompile(`"(items|type)"\s*:\s*\[|(?m)^\s*(items|type):\s*\[`)
	swaggerKey       = regexp.MustCompile(`(?m)(^["']?swagger["']?\s*:|"swagger"\s*:\s*"2)`)
	openapiKey       = regexp.MustCompile(`(?m)(^["']?openapi["']?\s*:|"openapi"\s*:\s*"3)`)
)

func loadHint(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "remote $ref"):
		return ""
	case strings.Contains(msg, "no such file"):
		return "a $ref points at a file that does not exist; $refs are relative to the file that holds them"
	case strings.Contains(msg, "yaml") || strings.Contains(msg, "json"):
		return "the file is not valid YAML or JSON, or a field has the wrong type; fix it at the line shown"
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// uniqueLines flattens a (multi-)error into sorted, distinct, short lines.
func uniqueLines(err error) []string {
	var lines []string
	var walk func(error)
	walk = func(e error) {
		var me openapi3.MultiError
		if errors.As(e, &me) {
			for _, x := range me {
				walk(x)
			}
			return
		}
		line := firstLine(e.Error())
		if len(line) > 300 {
			line = line[:300] + "..."
		}
		lines = append(lines, line)
	}
	walk(err)
	sort.Strings(lines)
	out := lines[:0]
	for i, l := range lines {
		if i == 0 || l != lines[i-1] {
			out = append(out, l)
		}
	}
	return out
}
