package evolve

import (
	"encoding/json"
	"strings"
	"testing"
)

func sampleReport() *Report {
	r := &Report{Base: "main:openapi.yaml", New: "openapi.yaml", FailOn: Error, Changes: []Change{
		{Rule: RuleScopesChanged, Source: FromSpecgate, Level: Error, Operation: "POST /orders", Message: "needs a | b\nand c", Audiences: []Audience{MachineClients}},
		{Rule: RuleToLegacy, Source: FromSpecgate, Level: Warning, Operation: "GET /t", Message: "moved", Audiences: []Audience{BackendOwners}, Accepted: true, Reason: "planned"},
	}, Deprecated: []Deprecation{{Operation: "GET /old", Sunset: "2027-06-30"}}}
	r.Failed = r.Fails(r.FailOn)
	return r
}

// TestWriteFormats checks each format keeps what it must: one markdown
// table row per change whatever the message holds, JSON that decodes with
// level names, a changelog that lists a change only for who feels it.
func TestWriteFormats(t *testing.T) {
	r := sampleReport()
	var md strings.Builder
	if err := r.Write(&md, "markdown"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| error | `POST /orders` | needs a \\| b and c | `specgate-scopes-changed` | machine clients |\n") {
		t.Errorf("markdown row not escaped to one line:\n%s", md.String())
	}
	if !strings.Contains(md.String(), "moved — **acknowledged:** planned") || !strings.HasPrefix(md.String(), "## ❌") {
		t.Errorf("markdown lacks the acknowledgement or the verdict:\n%s", md.String())
	}

	var js strings.Builder
	if err := r.Write(&js, "json"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Failed  bool
		Changes []struct{ Rule, Level string }
	}
	if err := json.Unmarshal([]byte(js.String()), &got); err != nil {
		t.Fatalf("%v\n%s", err, js.String())
	}
	if !got.Failed || len(got.Changes) != 2 || got.Changes[0].Level != "error" || got.Changes[1].Level != "warning" {
		t.Errorf("json: %+v", got)
	}

	var cl strings.Builder
	if err := r.Write(&cl, "changelog"); err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(cl.String(), "\n## For ")
	if len(sections) != 4 {
		t.Fatalf("want a section per audience, got:\n%s", cl.String())
	}
	for _, sec := range sections[1:] {
		machine, owners := strings.HasPrefix(sec, string(MachineClients)), strings.HasPrefix(sec, string(BackendOwners))
		if strings.Contains(sec, "POST /orders") != machine || strings.Contains(sec, "GET /t") != owners {
			t.Errorf("change listed for the wrong audience:\n%s", sec)
		}
		if strings.Contains(sec, "GET /old (sunset 2027-06-30)") == owners {
			t.Errorf("deprecations are for callers:\n%s", sec)
		}
	}
	if err := r.Write(&cl, "yaml"); err == nil {
		t.Error("an unknown format must be refused")
	}
}
