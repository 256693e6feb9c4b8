package gocode

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// RuntimeFile is one file of a runtime package copied into a generated
// project: Name is the source file's name ("auth.go"), Data the copy.
type RuntimeFile struct {
	Name string
	Data []byte
}

// CopyRuntime copies the Go files of directory dir of fsys (a runtime
// package of this repository, embedded) into package pkg of a generated
// project: each file keeps its code byte for byte under the generated-file
// header, a line saying where it comes from, and the new package clause.
// Tests, doc.go (the package comment is the source package's) and the
// files named in skip (stand-ins for spec-derived code) are left out.
func CopyRuntime(fsys fs.FS, dir, header, pkg, note string, skip ...string) ([]RuntimeFile, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	skipped := map[string]bool{"doc.go": true}
	for _, s := range skip {
		skipped[s] = true
	}
	var out []RuntimeFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || skipped[name] {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		body, ok := afterPackageClause(string(src))
		if !ok {
			return nil, fmt.Errorf("runtime %s/%s has no package clause", dir, name)
		}
		data, err := Format("runtime "+dir+"/"+name, []byte(header+"\n// "+note+"\n\npackage "+pkg+"\n"+body))
		if err != nil {
			return nil, err
		}
		out = append(out, RuntimeFile{Name: name, Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// afterPackageClause is src after its package clause line, which must be
// the first line that is not a comment or blank.
func afterPackageClause(src string) (string, bool) {
	rest := src
	for rest != "" {
		line, tail, _ := strings.Cut(rest, "\n")
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "//"):
			rest = tail
		case strings.HasPrefix(t, "package "):
			return tail, true
		default:
			return "", false
		}
	}
	return "", false
}
