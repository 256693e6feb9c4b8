// Package writer is the only part of specgate that touches the disk. It takes
// the in-memory FileSet produced by generation and makes an output directory
// match it: safely (never following symlinks below the root, never
// clobbering hand-written or team-owned files) and all or nothing.
package writer

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rogpeppe/go-internal/diff"
)

// Kind says who owns a file.
type Kind int

const (
	// Generated files are always rewritten and carry the generated header.
	Generated Kind = iota
	// Scaffold files are written once and never overwritten: the team's code.
	Scaffold
)

// File is one output file. Path is relative and uses forward slashes.
type File struct {
	Path string
	Data []byte
	Kind Kind
	// Declares is, for a Scaffold, the Go name the file declares: "Name",
	// or "Type.Name" for a method (a handler stub's). A missing Scaffold
	// is not created when the team's code already declares that name: a
	// file of its directory (a function, a method of any receiver, a type,
	// an interface method), or, for a method, a type that Type embeds,
	// followed into the module's packages (one from outside the module
	// counts as declaring it). The team moved the code; a new stub would
	// redeclare it or, through embedding, silently replace it.
	Declares string
}

// FileSet is the whole planned output. The zero value is not usable; call NewFileSet.
type FileSet struct {
	files map[string]File   // by exact path
	fold  map[string]string // lower-cased path -> path, for files
	dirs  map[string]string // lower-cased dir -> dir, for every parent directory
}

// NewFileSet returns an empty FileSet.
func NewFileSet() *FileSet {
	return &FileSet{files: map[string]File{}, fold: map[string]string{}, dirs: map[string]string{}}
}

// Add validates f and adds a copy of it. The path must be relative, clean,
// free of "..", backslashes, NUL and ':', and unique even case-insensitively
// (so the tree also works on macOS and Windows); a path may not be both a
// file and a parent directory of another file. Generated files must carry
// the generated header (see IsGenerated), otherwise the next Write would
// treat them as hand-written.
func (s *FileSet) Add(f File) error {
	if err := checkPath(f.Path); err != nil {
		return err
	}
	switch {
	case f.Kind != Generated && f.Kind != Scaffold:
		return fmt.Errorf("writer: %s: unknown kind %d", f.Path, f.Kind)
	case f.Kind == Generated && !IsGenerated(f.Data):
		return fmt.Errorf("writer: %s: generated file lacks the `Code generated ... DO NOT EDIT.` header", f.Path)
	}
	key := strings.ToLower(f.Path)
	if old, ok := s.fold[key]; ok {
		if old == f.Path {
			return fmt.Errorf("writer: %s: duplicate path", f.Path)
		}
		return fmt.Errorf("writer: %s: differs only in case from %s", f.Path, old)
	}
	if d, ok := s.dirs[key]; ok {
		return fmt.Errorf("writer: %s: is already a directory (%s/...)", f.Path, d)
	}
	for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
		if other, ok := s.fold[strings.ToLower(d)]; ok {
			return fmt.Errorf("writer: %s: parent directory %s is already a file", f.Path, other)
		}
		if other, ok := s.dirs[strings.ToLower(d)]; ok && other != d {
			return fmt.Errorf("writer: %s: directory %s differs only in case from %s", f.Path, d, other)
		}
	}
	for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
		s.dirs[strings.ToLower(d)] = d
	}
	f.Data = bytes.Clone(f.Data)
	s.files[f.Path] = f
	s.fold[key] = f.Path
	return nil
}

// Files returns all files sorted by Path. Callers must not modify Data.
func (s *FileSet) Files() []File {
	out := make([]File, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Get returns the file with exactly this path.
func (s *FileSet) Get(path string) (File, bool) {
	f, ok := s.files[path]
	return f, ok
}

// Len returns the number of files.
func (s *FileSet) Len() int { return len(s.files) }

// checkPath reports why p is not an acceptable relative output path.
func checkPath(p string) error {
	why := ""
	switch {
	case p == "" || p == ".":
		why = "empty"
	case strings.Contains(p, `\`):
		why = "contains a backslash; use forward slashes"
	case strings.IndexByte(p, 0) >= 0:
		why = "contains NUL"
	case strings.Contains(p, ":"):
		why = "contains ':' (Windows drive or stream name)"
	case strings.HasPrefix(p, "/"):
		why = "absolute; must be relative"
	case p == ".." || strings.HasPrefix(p, "../"):
		why = "escapes the output directory"
	case path.Clean(p) != p:
		why = fmt.Sprintf("not clean (want %q)", path.Clean(p))
	default:
		return nil
	}
	return fmt.Errorf("writer: invalid path %q: %s", p, why)
}

var generatedRE = regexp.MustCompile(`^(//|#) Code generated .* DO NOT EDIT\.$`)

// IsGenerated reports whether data starts with a generated-code marker: its
// first line, after any leading //go:build (or // +build) and blank lines,
// matches `^// Code generated .* DO NOT EDIT\.$` (go.dev/s/generatedcode) or
// the same with '#' for YAML, Makefiles and the like. \r\n is accepted.
func IsGenerated(data []byte) bool {
	line, ok := headerLine(data)
	return ok && generatedRE.Match(line)
}

// headerLine is data's first line that is not blank or a build
// constraint: where a generated-file header stands.
func headerLine(data []byte) ([]byte, bool) {
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) == 0 || bytes.HasPrefix(line, []byte("//go:build")) || bytes.HasPrefix(line, []byte("// +build")) {
			continue
		}
		return line, true
	}
	return nil, false
}

// Options tune Write.
type Options struct {
	Force  bool     // overwrite generated paths whose files lack the generated header (existing Scaffold files are still never touched)
	DryRun bool     // plan only, write nothing
	Keep   []string // paths (files or directories) never removed as stale, see Stale
}

// Result says what Write did (or would do, for DryRun). Paths are relative and sorted.
type Result struct {
	Written   []string // generated files created or changed
	Unchanged []string // generated files already byte-identical, not rewritten
	Created   []string // scaffold files created (new)
	Skipped   []string // scaffold files that already existed (team-owned), left alone
	Covered   []string // missing scaffold files not created: their Declares is declared elsewhere, as "path (Name in file)"
	Removed   []string // stale generated files deleted: specgate's header, not in the plan (see Stale)
}

// ConflictError lists generated paths whose existing files lack the generated
// header and so look hand-written. Write returns it (possibly joined with
// other errors) unless Options.Force is set.
type ConflictError struct{ Paths []string }

// Error lists one conflicting path per line, with advice.
func (e *ConflictError) Error() string {
	var b strings.Builder
	for i, p := range e.Paths {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: exists and lacks the `Code generated ... DO NOT EDIT.` header; it looks hand-written; move it away or rerun with --force", p)
	}
	return b.String()
}

// Test hooks.
var (
	createTemp = os.CreateTemp
	link       = os.Link
)

// op is one file Write will put in place.
type op struct {
	File
	dst    string // absolute target
	exists bool   // replace an existing generated file (rename) rather than create one
	tmp    string // temp file, "" once consumed
}

// Write makes root match set, all or nothing.
//
// It first plans without touching anything: every path component below root
// is Lstat'ed and a symlink (including the file itself) or a non-directory
// parent is refused; root itself may be a symlink. Existing Scaffold files
// are Skipped; byte-identical generated files are Unchanged and not rewritten;
// existing generated paths whose content lacks the header are conflicts
// (all listed in a *ConflictError) unless opts.Force. Any problem aborts
// before the disk is touched.
//
// Then it creates missing directories (0o755, root included), writes every
// new or changed file to a synced 0o644 temp file in its target directory,
// and only when all temps exist puts them in place. New files are linked
// into place with os.Link, which fails rather than overwrite a file that
// appeared since planning (falling back to O_CREATE|O_EXCL where hard links
// are unsupported); if that fails, everything done so far is undone (links,
// temps and created directories). Changed generated files are then renamed
// over their targets, atomically per file; a failure in this last step
// (which is unexpected once the temps exist) can leave earlier renames done.
//
// Last, it deletes the stale generated files (see Stale: files with
// specgate's header that the plan does not hold), listed in Removed; a
// file without the header is never deleted.
func Write(root string, set *FileSet, opts Options) (Result, error) {
	var res Result
	if err := checkRoot(root); err != nil {
		return res, err
	}
	var ops []*op
	var errs []error
	var conflicts []string
	declared := declarations{root: root}
	for _, f := range set.Files() {
		dst := filepath.Join(root, filepath.FromSlash(f.Path))
		fi, err := inspect(root, f.Path, false)
		covered := "" // where the team's code already declares a missing scaffold's name
		if err == nil && fi == nil && f.Kind == Scaffold && f.Declares != "" {
			covered = declared.covered(path.Dir(f.Path), f.Declares)
		}
		switch {
		case err != nil:
			errs = append(errs, err)
		case covered != "":
			res.Covered = append(res.Covered, fmt.Sprintf("%s (%s)", f.Path, covered))
		case fi == nil && f.Kind == Scaffold:
			res.Created = append(res.Created, f.Path)
			ops = append(ops, &op{File: f, dst: dst})
		case fi == nil:
			res.Written = append(res.Written, f.Path)
			ops = append(ops, &op{File: f, dst: dst})
		case f.Kind == Scaffold:
			res.Skipped = append(res.Skipped, f.Path)
		default:
			old, err := os.ReadFile(dst)
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("writer: %s: %w", f.Path, err))
			case bytes.Equal(old, f.Data):
				res.Unchanged = append(res.Unchanged, f.Path)
			case !IsGenerated(old) && !opts.Force:
				conflicts = append(conflicts, f.Path)
			default:
				res.Written = append(res.Written, f.Path)
				ops = append(ops, &op{File: f, dst: dst, exists: true})
			}
		}
	}
	if len(conflicts) > 0 {
		errs = append(errs, &ConflictError{Paths: conflicts})
	}
	stale, err := set.stale(root, opts.Keep)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return Result{}, errors.Join(errs...)
	}
	res.Removed = stale
	if opts.DryRun {
		return res, nil
	}
	if len(ops) > 0 {
		if err := apply(root, ops); err != nil {
			return Result{}, err
		}
	}
	if err := RemoveStale(root, stale); err != nil {
		return Result{}, fmt.Errorf("%w (every planned file was already written)", err)
	}
	return res, nil
}

// apply carries out a valid plan; see Write.
func apply(root string, ops []*op) (err error) {
	var dirs, linked []string // created by us, undone on failure
	defer func() {
		if err == nil {
			return
		}
		for _, o := range ops {
			if o.tmp != "" {
				os.Remove(o.tmp)
			}
		}
		for _, l := range linked {
			os.Remove(l)
		}
		for i := len(dirs) - 1; i >= 0; i-- {
			os.Remove(dirs[i])
		}
	}()
	if err := mkdirRoot(root, &dirs); err != nil {
		return err
	}
	need := map[string]bool{}
	for _, o := range ops {
		for d := path.Dir(o.Path); d != "."; d = path.Dir(d) {
			need[d] = true
		}
	}
	sorted := make([]string, 0, len(need))
	for d := range need {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted) // parents before children
	for _, d := range sorted {
		switch fi, err := inspect(root, d, true); {
		case err != nil:
			return err
		case fi == nil:
			p := filepath.Join(root, filepath.FromSlash(d))
			if err := os.Mkdir(p, 0o755); err != nil {
				return fmt.Errorf("writer: %w", err)
			}
			dirs = append(dirs, p)
		}
	}
	if err := writeTemps(ops); err != nil {
		return err
	}
	for _, o := range ops {
		if !o.exists {
			if err := createFrom(o.tmp, o.dst, o.Data); err != nil {
				return fmt.Errorf("writer: %s: %w", o.Path, err)
			}
			linked = append(linked, o.dst)
			os.Remove(o.tmp)
			o.tmp = ""
		}
	}
	linked, dirs = nil, nil // commit point: new files stay
	for _, o := range ops {
		if o.exists {
			if err := os.Rename(o.tmp, o.dst); err != nil {
				return fmt.Errorf("writer: %s: %w (earlier files were already written)", o.Path, err)
			}
			o.tmp = ""
		}
	}
	return nil
}

// createFrom puts a new file at dst without ever replacing an existing one:
// a hard link of tmp, or an O_EXCL create where hard links are unsupported.
func createFrom(tmp, dst string, data []byte) error {
	switch err := link(tmp, dst); {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return errors.New("appeared during the write; not overwriting it")
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

// tempWriters is how many temp files writeTemps writes at once.
const tempWriters = 8

// writeTemps writes the temp file of every op (o.tmp), several at once:
// each is synced, and syncs issued together are committed together by a
// journalling file system, where one after another each waits for a
// commit of its own (most of the wall time of generating a small project:
// print-shop's 57 files took about 120 ms one after another, 25 ms eight
// at a time, on this ext4). After a failure no more are started; it
// returns the error of the first op that failed, in ops' order, and every
// temp written stays named in its op, for apply to remove.
func writeTemps(ops []*op) error {
	errs := make([]error, len(ops))
	next := make(chan int)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(tempWriters, len(ops)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if failed.Load() {
					continue // no point writing more
				}
				o := ops[i]
				var err error
				if o.tmp, err = writeTemp(filepath.Dir(o.dst), o.Data); err != nil {
					errs[i] = fmt.Errorf("writer: %s: %w", o.Path, err)
					failed.Store(true)
				}
			}
		}()
	}
	for i := range ops {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeTemp writes data to a synced 0o644 temp file in dir and returns its name.
func writeTemp(dir string, data []byte) (name string, err error) {
	f, err := createTemp(dir, ".specgate-*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Chmod(0o644); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// checkRoot fails if root exists (following a symlink) but is not a directory.
func checkRoot(root string) error {
	fi, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("writer: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("writer: output directory %s is not a directory", root)
	}
	return nil
}

// mkdirRoot creates root and any missing parents, recording each one created.
func mkdirRoot(dir string, created *[]string) error {
	if _, err := os.Stat(dir); err == nil {
		return checkRoot(dir)
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := mkdirRoot(parent, created); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fmt.Errorf("writer: %w", err)
	}
	*created = append(*created, dir)
	return nil
}

// inspect Lstats every component of rel below root. It returns nil, nil if
// some component is missing, and an error if a component is a symlink, a
// parent is not a directory, or the last component is not a directory (dir)
// or regular file (!dir).
func inspect(root, rel string, dir bool) (fs.FileInfo, error) {
	parts := strings.Split(rel, "/")
	cur := root
	for i, part := range parts {
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("writer: %s: %w", rel, err)
		}
		sub := path.Join(parts[:i+1]...)
		last := i == len(parts)-1
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			return nil, fmt.Errorf("writer: %s: %s is a symlink; refusing to follow it", rel, sub)
		case (!last || dir) && !fi.IsDir():
			return nil, fmt.Errorf("writer: %s: %s exists and is not a directory", rel, sub)
		case last && !dir && !fi.Mode().IsRegular():
			return nil, fmt.Errorf("writer: %s: exists and is not a regular file", rel)
		case last:
			return fi, nil
		}
	}
	return nil, nil
}

// FileDiff is one drifted generated file.
type FileDiff struct {
	Path    string
	Status  string // "modified", "missing", "not-generated" (exists without the header) or "stale" (specgate's header, not in the plan: see Stale)
	Unified []byte // unified diff from "a/<path>" (disk) to "b/<path>" (what generate would write)
}

// Diff compares the Generated files of set with root without writing and
// returns the drifted ones sorted by path (empty when up to date). Scaffold
// files are team-owned and never compared; a missing one is not drift either.
// \r\n is normalised to \n on both sides before comparing. Files with
// specgate's header that set does not hold are drift too (Status "stale",
// the diff deleting them; see Stale); keep names paths that are not.
func Diff(root string, set *FileSet, keep ...string) ([]FileDiff, error) {
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	var out []FileDiff
	for _, f := range set.Files() {
		if f.Kind != Generated {
			continue
		}
		fi, err := inspect(root, f.Path, false)
		if err != nil {
			return nil, err
		}
		var got []byte
		status := "missing"
		if fi != nil {
			if got, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path))); err != nil {
				return nil, fmt.Errorf("writer: %s: %w", f.Path, err)
			}
			got = lf(got)
			status = "modified"
			if !IsGenerated(got) {
				status = "not-generated"
			}
		}
		want := lf(f.Data)
		if fi != nil && bytes.Equal(got, want) {
			continue
		}
		u := diff.Diff("a/"+f.Path, got, "b/"+f.Path, want)
		out = append(out, FileDiff{Path: f.Path, Status: status, Unified: u})
	}
	stale, err := set.stale(root, keep)
	if err != nil {
		return nil, err
	}
	for _, p := range stale {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Errorf("writer: %s: %w", p, err)
		}
		out = append(out, FileDiff{Path: p, Status: "stale", Unified: diff.Diff("a/"+p, lf(got), "/dev/null", nil)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func lf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

// Orphans lists the regular .go files directly in root/dir (dir is relative,
// slash-separated; "." for root) that are not in set, as sorted relative
// paths; e.g. handler stubs whose operation left the spec. A missing
// directory yields nil, nil; a symlinked component is an error.
func Orphans(root, dir string, set *FileSet) ([]string, error) {
	if dir != "." {
		if err := checkPath(dir); err != nil {
			return nil, err
		}
		if fi, err := inspect(root, dir, true); err != nil || fi == nil {
			return nil, err
		}
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("writer: %w", err)
	}
	var out []string
	for _, e := range entries {
		rel := path.Join(dir, e.Name())
		if _, known := set.fold[strings.ToLower(rel)]; e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") && !known {
			out = append(out, rel)
		}
	}
	return out, nil
}

// Sum is a file's path (relative, slash-separated) and the SHA-256 of its
// content.
type Sum struct {
	Path string
	Sum  [32]byte
}

// Same reports whether every file of sums is in root, exactly: a regular
// file, reached without a symlink (as Write and Diff require), whose bytes
// hash to its Sum. Anything else (missing, unreadable, changed, an invalid
// path) is false; Diff then says what differs.
func Same(root string, sums []Sum) bool {
	for _, s := range sums {
		if checkPath(s.Path) != nil {
			return false
		}
		if fi, err := inspect(root, s.Path, false); err != nil || fi == nil {
			return false
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.Path)))
		if err != nil || sha256.Sum256(data) != s.Sum {
			return false
		}
	}
	return true
}
