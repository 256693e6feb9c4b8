package spec

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLoadRefusesDeviceRefs: a $ref to a device would read forever
// (/dev/zero) or block (/dev/stdin); it is refused at once, naming it.
func TestLoadRefusesDeviceRefs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev on Windows")
	}
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	doc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '/dev/zero#/X'}}}\n"
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Load(context.Background(), file)
	if err == nil || !strings.Contains(err.Error(), "/dev/zero is not a regular file") {
		t.Fatalf("want a refusal naming /dev/zero, got %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("refusal took %v", d)
	}
}

// TestLoadHintMissingRefFile: a $ref to a missing .yaml file is reported
// as a missing file, not as a YAML syntax error.
func TestLoadHintMissingRefFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	doc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: 'missing.yaml#/X'}}}\n"
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(context.Background(), file)
	if err == nil || !strings.Contains(err.Error(), "points at a file that does not exist") {
		t.Fatalf("want the missing-file hint, got %v", err)
	}
}
