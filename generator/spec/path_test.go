package spec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		path string
		want []model.Segment
	}{
		{"/", nil},
		{"/health", []model.Segment{{Prefix: "health"}}},
		{"/shops/{shopId}/orders", []model.Segment{{Prefix: "shops"}, {Param: "shopId"}, {Prefix: "orders"}}},
		{"/reports/{id}.json", []model.Segment{{Prefix: "reports"}, {Param: "id", Suffix: ".json"}}},
		{"/v1/item-{sku}", []model.Segment{{Prefix: "v1"}, {Prefix: "item-", Param: "sku"}}},
		{"/a/x{id}y", []model.Segment{{Prefix: "a"}, {Prefix: "x", Param: "id", Suffix: "y"}}},
		{"/files/{proxy+}", []model.Segment{{Prefix: "files"}, {Param: "proxy", Greedy: true}}},
		{"/{proxy+}", []model.Segment{{Param: "proxy", Greedy: true}}},
		{"/things/{thing-id}/{x.y}/{a_b}", []model.Segment{{Prefix: "things"}, {Param: "thing-id"}, {Param: "x.y"}, {Param: "a_b"}}},
	}
	for _, tt := range tests {
		got, err := parsePath(tt.path)
		if err != nil {
			t.Errorf("parsePath(%q): %v", tt.path, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parsePath(%q) = %+v, want %+v", tt.path, got, tt.want)
		}
	}
}

func TestParsePathRefuses(t *testing.T) {
	tests := []struct{ path, msg string }{
		{"orders", "does not start with /"},
		{"", "does not start with /"},
		{"/a/{b}{c}", `segment "{b}{c}" must hold at most one {parameter}`},
		{"/a/{b}-{c}.json", "must hold at most one {parameter}"},
		{"/a/{b", "must hold at most one {parameter}"},
		{"/a/b}", `unbalanced } in segment "b}"`},
		{"/a/}b{", "must hold at most one {parameter}"},
		{"/{proxy+}/x", "greedy parameter {proxy+} must be a whole, last segment"},
		{"/files/x{proxy+}", "greedy parameter {proxy+} must be a whole, last segment"},
		{"/files/{proxy+}.json", "greedy parameter {proxy+} must be a whole, last segment"},
		// RFC 6570 operators (oapi-codegen's roundtrip spec uses them).
		{"/simpleExplodeArray/{param*}", "parameter {param*} uses RFC 6570 operators"},
		{"/labelExplodeArray/{.param*}", "parameter {.param*} uses RFC 6570 operators"},
		{"/matrix/{;id*}", "parameter {;id*} uses RFC 6570 operators"},
		{"/q{?x,y}", "parameter {?x,y} uses RFC 6570 operators"},
		{"/f/{#frag}", "parameter {#frag} uses RFC 6570 operators"},
		{"/r/{+reserved}", "parameter {+reserved} uses RFC 6570 operators"},
		{"/e/{}", "parameter {} uses RFC 6570 operators"},
		{"/e/{+}", "parameter {} uses RFC 6570 operators"},
		{"/s/{a b}", "parameter {a b} uses RFC 6570 operators"},
	}
	for _, tt := range tests {
		segs, err := parsePath(tt.path)
		if err == nil {
			t.Errorf("parsePath(%q) = %+v, want an error containing %q", tt.path, segs, tt.msg)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("parsePath(%q) error %q, want it to contain %q", tt.path, err, tt.msg)
		}
	}
}

func TestNormalisePath(t *testing.T) {
	tests := []struct{ a, b string }{
		{"/a/{x}", "/a/{y}"},
		{"/a/{x}.json", "/a/{y}.json"},
		{"/f/{p+}", "/f/{q+}"},
		{"/a/v{x}", "/a/v{y}"},
	}
	for _, tt := range tests {
		if na, nb := norm(t, tt.a), norm(t, tt.b); na != nb {
			t.Errorf("%s and %s normalise to %q and %q; they are the same route", tt.a, tt.b, na, nb)
		}
	}
	distinct := []string{"/", "/a", "/a/", "/a/{x}", "/a/{x}.json", "/a/{x+}", "/a/v{x}", "/a/{x}/b", "/a/b", "/{x}/a"}
	seen := map[string]string{}
	for _, p := range distinct {
		n := norm(t, p)
		if prev, dup := seen[n]; dup {
			t.Errorf("%s and %s both normalise to %q; they are different routes", prev, p, n)
		}
		seen[n] = p
	}
}

func norm(t *testing.T, p string) string {
	t.Helper()
	segs, err := parsePath(p)
	if err != nil {
		t.Fatalf("parsePath(%q): %v", p, err)
	}
	return normalisePath(segs)
}
