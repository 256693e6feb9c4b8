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
	topDir, rel, err := repoPath(ctx, file)
	if err != nil {
		return "", "", nil, err
	}
	relDir := path.Dir(rel)
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

// GitShow returns file (a path in the working tree) as it is at revision
// ref, and whether it exists there.
func GitShow(ctx context.Context, file, ref string) ([]byte, bool, error) {
	topDir, rel, err := repoPath(ctx, file)
	if err != nil {
		return nil, false, err
	}
	if _, err := git(ctx, topDir, nil, "cat-file", "-e", ref+":"+rel); err != nil {
		return nil, false, nil
	}
	data, err := git(ctx, topDir, nil, "show", ref+":"+rel)
	return data, err == nil, err
}

// repoPath finds file's git repository and its slash-separated path in it.
func repoPath(ctx context.Context, file string) (topDir, rel string, err error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", "", err
	}
	dir := filepath.Dir(abs)
	top, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", err
	}
	if topDir, err = filepath.EvalSymlinks(strings.TrimSpace(string(top))); err != nil {
		return "", "", err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", "", err
	}
	relDir, err := filepath.Rel(topDir, realDir)
	if err != nil || relDir == ".." || strings.HasPrefix(relDir, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("%s is not inside the git repository at %s", file, topDir)
	}
	return topDir, path.Join(filepath.ToSlash(relDir), filepath.Base(abs)), nil
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
