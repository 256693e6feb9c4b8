package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/config"
)

// confirmer answers every Confirm with answer and notes the question.
type confirmer struct {
	defaultsPrompter
	answer bool
	asked  []string
}

func (p *confirmer) Confirm(q question, _ bool) (bool, error) {
	p.asked = append(p.asked, q.Message)
	return p.answer, nil
}

// TestAdoptModule: with a go.mod of another module in --out, init asks
// whether to use that module (interactive), takes it on yes, and refuses
// on no or when --module named another one, never asking then.
func TestAdoptModule(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/legacy\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name          string
		given, answer bool
		want          string // the module chosen; "" when refused
	}{
		{"asked, yes", false, true, "example.com/legacy"},
		{"asked, no", false, false, ""},
		{"given by flag", true, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &confirmer{answer: c.answer}
			a := &answers{out: dir, cfg: config.Config{Module: "github.com/acme/shop"}}
			err := (&initCmd{}).adoptModule(p, a, c.given)
			if c.want != "" {
				if err != nil || a.cfg.Module != c.want {
					t.Fatalf("module %q, err %v; want %s", a.cfg.Module, err, c.want)
				}
			} else if err == nil || exitCode(err) != ExitInvalid || !strings.Contains(err.Error(), "go.mod names module example.com/legacy, not github.com/acme/shop") {
				t.Fatalf("err %v (exit %d), want a refusal naming both modules, exit 1", err, exitCode(err))
			}
			if asked := len(p.asked) > 0; asked == c.given {
				t.Errorf("asked %q; want a question only when --module was not given", p.asked)
			}
		})
	}
	// No go.mod, or the same module: nothing to ask.
	p := &confirmer{}
	a := &answers{out: dir, cfg: config.Config{Module: "example.com/legacy"}}
	if err := (&initCmd{}).adoptModule(p, a, false); err != nil || len(p.asked) > 0 {
		t.Errorf("same module: err %v, asked %q", err, p.asked)
	}
	a = &answers{out: t.TempDir(), cfg: config.Config{Module: "github.com/acme/shop"}}
	if err := (&initCmd{}).adoptModule(p, a, true); err != nil || len(p.asked) > 0 {
		t.Errorf("no go.mod: err %v, asked %q", err, p.asked)
	}
}
