package evolve

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// FromGit extracts the spec at file (a path in the working tree) as it is
// at revision ref of its git repository, with the files beside it (for
// relative $refs), into a new temporary directory. It returns the
// extracted spec's path, the name reports give it ("REF:path") and a
// function that removes the directory.
func FromGit(ctx context.Context, file, ref string) (specPath, name string, cleanup func(), err error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", "", nil, err
	}
	dir := filepath.Dir(abs)
	top, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", nil, err
	}
	topDir, err := filepath.EvalSymlinks(strings.TrimSpace(string(top)))
	if err != nil {
		return "", "", nil, err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", "", nil, err
	}
	relDir, err := filepath.Rel(topDir, realDir)
	if err != nil || strings.HasPrefix(relDir, "..") {
		return "", "", nil, fmt.Errorf("%s is not inside the git repository at %s", file, topDir)
	}
	relDir = filepath.ToSlash(relDir)
	rel := path.Join(relDir, filepath.Base(abs))
	if _, err := git(ctx, topDir, nil, "cat-file", "-e", ref+":"+rel); err != nil {
		return "", "", nil, fmt.Errorf("%s does not exist at %s (git cat-file -e %s:%s): %w", rel, ref, ref, rel, err)
	}
	archive, err := git(ctx, topDir, nil, "archive", "--format=tar", ref, "--", relDir)
	if err != nil {
		return "", "", nil, err
	}
	tmp, err := os.MkdirTemp("", "specgate-diff-*")
	if err != nil {
		return "", "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if err := untar(tmp, archive); err != nil {
		cleanup()
		return "", "", nil, fmt.Errorf("extract %s at %s: %w", relDir, ref, err)
	}
	return filepath.Join(tmp, filepath.FromSlash(rel)), ref + ":" + rel, cleanup, nil
}

func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// untar writes the regular files of a tar archive under dir, refusing
// paths that leave it.
func untar(dir string, data []byte) error {
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("archive path %q leaves the directory", h.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}
