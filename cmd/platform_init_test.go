package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/platform"
)

// Without a terminal, platform init asks nothing: it names the flags it
// needed (exit 2) and writes nothing.
func TestPlatformInitNeedsFlags(t *testing.T) {
	file := filepath.Join(filepath.Dir(examplePlatform(t)), "new-platform.yaml")
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), []string{"platform", "init", "--platform", file}, strings.NewReader(""), &out, &errOut)
	if code != ExitError || !strings.Contains(errOut.String(), "--name") || !strings.Contains(errOut.String(), "--domain") {
		t.Errorf("exit %d, want 2 naming --name and --domain\n%s", code, errOut.String())
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("init wrote a file without its scriptedAnswers")
	}
	// An existing file is never overwritten.
	code = Execute(context.Background(), []string{"platform", "init", "--yes", "--platform", filepath.Join(filepath.Dir(file), "platform.yaml")}, strings.NewReader(""), &out, &errOut)
	if code != ExitError || !strings.Contains(errOut.String(), "exists") {
		t.Errorf("init over an existing platform.yaml: exit %d\n%s", code, errOut.String())
	}
}

// With flags (and --yes), platform init writes a platform.yaml that
// platform generate accepts, holding exactly the given clients and scopes;
// services default to every services/*/specgate.yaml.
func TestPlatformInitFlags(t *testing.T) {
	file := examplePlatform(t)
	os.Remove(file)
	run(t, 0, "platform", "init", "--platform", file, "--yes", "--name", "shop", "--domain", "api.shop.example.com",
		"--client", "web=public", "--client-scope", "web=orders:orders.read", "--client-scope", "web=catalog:catalog.read",
		"--callback-url", "web=https://shop.example.com/callback",
		"--client", "batch=machine", "--client-scope", "batch=offers:offers.write")
	p, err := platform.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.ServiceNames(), ","); got != "catalog,offers,orders" {
		t.Errorf("services %s, want every services/*", got)
	}
	if p.Services["orders"].BasePath != "orders" || p.Clients["web"].Type != "public" || p.Clients["batch"].Type != "machine" {
		t.Errorf("wrote %+v", p)
	}
	if got := p.Clients["web"].Scopes; len(got) != 2 || got["orders"][0] != "orders.read" || got["catalog"][0] != "catalog.read" {
		t.Errorf("web scopes %v", got)
	}
	run(t, 0, "platform", "generate", "--platform", file)

	// A scope no spec declares: refused by generate with its position.
	os.Remove(file)
	run(t, 0, "platform", "init", "--platform", file, "--yes", "--name", "shop", "--domain", "api.shop.example.com",
		"--client", "batch=machine", "--client-scope", "batch=offers:offers.nope")
	var out, errOut bytes.Buffer
	if code := Execute(context.Background(), []string{"platform", "generate", "--platform", file}, nil, &out, &errOut); code != ExitInvalid || !strings.Contains(errOut.String(), `scope "offers.nope"`) {
		t.Errorf("generate with an undeclared scope: exit %d\n%s", code, errOut.String())
	}
}

// scriptedAnswers is a Prompter that scriptedAnswers by question and records the options offered.
type scriptedAnswers struct {
	input   map[string]string   // by message prefix
	multi   map[string][]string // by message prefix
	offered map[string][]string
}

func (a *scriptedAnswers) find(msg string, m map[string]string) string {
	for k, v := range m {
		if strings.HasPrefix(msg, k) {
			return v
		}
	}
	return ""
}

func (a *scriptedAnswers) Input(q question) (string, error) {
	if v := a.find(q.Message, a.input); v != "" {
		return v, nil
	}
	return q.Default, nil
}

func (a *scriptedAnswers) Select(q question, _ []option) (string, error) { return q.Default, nil }

func (a *scriptedAnswers) MultiSelect(q question, opts []option) ([]string, error) {
	for _, o := range opts {
		a.offered[q.Message] = append(a.offered[q.Message], o.Value)
	}
	for k, v := range a.multi {
		if strings.HasPrefix(q.Message, k) {
			return v, nil
		}
	}
	return nil, nil
}

func (a *scriptedAnswers) Confirm(_ question, def bool) (bool, error) { return def, nil }

// On a terminal, init offers every scope the services' specs declare and
// writes the chosen ones.
func TestPlatformInitAsks(t *testing.T) {
	file := examplePlatform(t)
	os.Remove(file)
	a := &scriptedAnswers{
		input:   map[string]string{"Platform name": "shop", "Clients": "web=public", "Base path of offers": "promotions"},
		multi:   map[string][]string{"Services": {"offers", "orders"}, "Scopes client web": {"orders:orders.read", "offers:offers.write"}},
		offered: map[string][]string{},
	}
	pc := newPlatformCmd()
	pc.file = file
	in := &platformInit{parent: pc, prompter: a}
	sub, _, err := pc.cmd.Find([]string{"init"})
	if err != nil {
		t.Fatal(err)
	}
	sub.SetContext(context.Background())
	sub.SetOut(&bytes.Buffer{})
	if err := in.run(sub); err != nil {
		t.Fatal(err)
	}
	p, err := platform.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.ServiceNames(), ","); got != "offers,orders" || p.Services["offers"].BasePath != "promotions" {
		t.Errorf("services %s %+v", got, p.Services["offers"])
	}
	if got := p.Clients["web"].Scopes; len(got["orders"]) != 1 || len(got["offers"]) != 1 || len(p.Clients["web"].CallbackURLs) != 1 {
		t.Errorf("web %+v", p.Clients["web"])
	}
	offered := strings.Join(a.offered["Scopes client web may use (exactly these)"], " ")
	if offered != "offers:offers.write orders:orders.read orders:orders.write orders:shipping.read" {
		t.Errorf("offered scopes %q", offered)
	}
}
