package gocode

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
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
// Tests and doc.go (the package comment is the source package's) are left
// out; fsys holds only the files to copy otherwise (an embed list).
func CopyRuntime(fsys fs.FS, dir, header, pkg, note string) ([]RuntimeFile, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []RuntimeFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "doc.go" {
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
		// The source is gofmt'd (the repository's checks), and a header,
		// a note and a package clause keep it so: no formatting needed
		// (TestRuntimeCopiesVerbatim checks each copy is gofmt-stable).
		data := []byte(header + "\n// " + note + "\n\npackage " + pkg + "\n" + body)
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

// RuntimeCopies is CopyRuntime done once per process: the copies do not
// depend on the spec, so each generation gets the same bytes (a fresh
// slice each time) without formatting them again.
type RuntimeCopies struct {
	FS                     fs.FS
	Dir, Header, Pkg, Note string

	once   sync.Once
	copies []RuntimeFile
	err    error
}

// Files returns the copies.
func (c *RuntimeCopies) Files() ([]RuntimeFile, error) {
	c.once.Do(func() { c.copies, c.err = CopyRuntime(c.FS, c.Dir, c.Header, c.Pkg, c.Note) })
	if c.err != nil {
		return nil, c.err
	}
	out := make([]RuntimeFile, len(c.copies))
	for i, f := range c.copies {
		out[i] = RuntimeFile{Name: f.Name, Data: bytes.Clone(f.Data)}
	}
	return out, nil
}
