package model

import (
	"fmt"
	"go/build"
	"go/token"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"placeOrder", []string{"place", "Order"}},
		{"PlaceOrder", []string{"Place", "Order"}},
		{"place_order", []string{"place", "order"}},
		{"place-order.v2", []string{"place", "order", "v2"}},
		{"list things", []string{"list", "things"}},
		{"HTTPServer", []string{"HTTP", "Server"}},
		{"getHTTPServerURL", []string{"get", "HTTP", "Server", "URL"}},
		{"x-request-id", []string{"x", "request", "id"}},
		{"2fa-check", []string{"2fa", "check"}},
		{"GET_access_settings-activity", []string{"GET", "access", "settings", "activity"}},
		{"tags[]", []string{"tags"}},
		{"../../etc/passwd", []string{"etc", "passwd"}},
		{"Größe", []string{"Gr", "uf6", "udf", "e"}},
		{"получить", []string{"u43f", "u43e", "u43b", "u443", "u447", "u438", "u442", "u44c"}},
		{"日本", []string{"u65e5", "u672c"}},
		{"  \t\n*/`{{ }}", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGoName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"placeOrder", "PlaceOrder"},
		{"list things", "ListThings"},
		{"things.create", "ThingsCreate"},
		{"x-request-id", "XRequestID"},
		{"userId", "UserID"},
		{"api_url", "APIURL"},
		{"json", "JSON"},
		{"HTTPServer", "HTTPServer"},
		{"func", "Func"}, // a Go keyword, exported
		{"type", "Type"}, // a Go keyword, exported
		{"Body", "Body"}, // collisions with fixed fields are the Namer's job
		{"2fa-check", "Op2faCheck"},
		{"3DModel", "Op3DModel"},
		{"123", "Op123"},
		{"", "Op"},
		{"---", "Op"},
		{"получить", "U43fU43eU43bU443U447U438U442U44c"},
		{"Größe", "GrUf6UdfE"},
		{"GET_access_settings-activity", "GETAccessSettingsActivity"},
	}
	for _, tt := range tests {
		if got := GoName(tt.in, "Op"); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostileNames are spec strings that must still become valid, distinct
// names: punctuation, unicode, keywords, digits, case, paths, long names.
var hostileNames = func() []string {
	names := []string{
		"", " ", "_", ".", "..", "../", "../../x", "a/b", `a\b`, "a:b", "a\x00b", "*/", "`", "{{.}}", "\n",
		"func", "type", "go", "map", "chan", "select", "import", "package", "return", "nil", "true", "iota",
		"2fa", "007", "1.0", "-1", "Body", "RawBody", "Handler", "Response", "init", "main",
		"getThing", "GetThing", "get_thing", "get-thing", "GET THING", "gEtThInG",
		"получить", "日本語", "Größe", "émoji 🎉", "ǅ", "ı", "K", // Kelvin sign folds to k
		"test", "Test", "x test", "x_test", "xTest", "linux", "x linux", "x_windows", "x_amd64", "x linux amd64",
		"x js wasm", "x_wasip1", "x_386", "x_arm64be", "x_test_linux", "x_linux_test", "x_ios",
		strings.Repeat("a", 200),
		strings.Repeat("a", 74) + " linux extra",
		strings.Repeat("a", 75) + " test extra",
		strings.Repeat("a", 76) + " 386 extra",
		strings.Repeat("ab ", 40) + "linux",
		strings.Repeat("日", 40),
	}
	for os := range goFileSuffixes {
		names = append(names, os, "do "+os, "do_"+os+"_test", "Do"+strings.ToUpper(os[:1])+os[1:])
	}
	slices.Sort(names)
	return names
}()

func TestGoNameIsExportedIdentifier(t *testing.T) {
	for _, in := range hostileNames {
		got := GoName(in, "Op")
		if !token.IsIdentifier(got) || !token.IsExported(got) || token.IsKeyword(got) {
			t.Errorf("GoName(%q) = %q: not an exported Go identifier", in, got)
		}
		if !regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`).MatchString(got) {
			t.Errorf("GoName(%q) = %q: not ASCII CamelCase", in, got)
		}
		if again := GoName(in, "Op"); again != got {
			t.Errorf("GoName(%q) is not deterministic: %q then %q", in, got, again)
		}
	}
}

func TestSnakeName(t *testing.T) {
	long := strings.Repeat("a", 74)
	tests := []struct{ in, want string }{
		{"PlaceOrder", "place_order"},
		{"placeOrder", "place_order"},
		{"XRequestID", "x_request_id"},
		{"HTTPServer", "http_server"},
		{"Op2faCheck", "op2fa_check"},
		{"", "operation"},
		{"***", "operation"},
		// Endings the go tool reads as build constraints or test files.
		{"RunTest", "run_test_op"},
		{"BuildLinux", "build_linux_op"},
		{"BuildAMD64", "build_amd64_op"},
		{"Build_AMD64", "build_amd64_op"},
		{"X Linux AMD64", "x_linux_amd64_op"},
		{"JSWasm", "js_wasm_op"},
		{"RunTestLinux", "run_test_linux_op"},
		{"LinuxTests", "linux_tests"},
		{"Linux", "linux_op"},
		{"Test", "test_op"},
		// Long names are cut at 80 bytes, and the cut is checked too.
		{strings.Repeat("a", 100), strings.Repeat("a", 80)},
		{long + " linux extra", long + "_li_op"},
		{long + "a test extra", long + "a_t_op"},
		{long + "aa 386 extra", long + "aa_op"},
		{long + "aaaaa_extra", strings.Repeat("a", 79)},
	}
	for _, tt := range tests {
		if got := SnakeName(tt.in, "operation"); got != tt.want {
			t.Errorf("SnakeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSnakeNameIsPlainGoFile asks go/build itself whether each name, as a
// .go file, is compiled everywhere: no GOOS or GOARCH constraint (checked
// in two contexts that differ in both), not a _test file, not ignored.
func TestSnakeNameIsPlainGoFile(t *testing.T) {
	contexts := []build.Context{build.Default, build.Default}
	contexts[0].GOOS, contexts[0].GOARCH = "linux", "amd64"
	contexts[1].GOOS, contexts[1].GOARCH = "windows", "arm64"
	for i := range contexts {
		contexts[i].OpenFile = func(string) (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("package handlers\n")), nil
		}
	}
	names := append([]string{}, hostileNames...)
	for _, in := range hostileNames {
		names = append(names, GoName(in, "Op")) // how the generator calls it
	}
	// Every port the installed go knows, as a last word.
	if out, err := exec.Command("go", "tool", "dist", "list").Output(); err == nil {
		for _, port := range strings.Fields(string(out)) {
			goos, goarch, _ := strings.Cut(port, "/")
			names = append(names, "x "+goos, "x "+goarch, "x "+goos+" "+goarch)
		}
	} else {
		t.Errorf("go tool dist list: %v (the go command must be on PATH)", err)
	}
	valid := regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	for _, in := range names {
		got := SnakeName(in, "operation")
		file := got + ".go"
		switch {
		case !valid.MatchString(got):
			t.Errorf("SnakeName(%q) = %q: not lower snake case starting with a letter or digit", in, got)
		case len(got) > 80:
			t.Errorf("SnakeName(%q) = %q: %d bytes, want at most 80", in, got, len(got))
		case strings.HasSuffix(got, "_test"):
			t.Errorf("SnakeName(%q) = %q: a _test file", in, got)
		}
		for _, ctx := range contexts {
			ok, err := ctx.MatchFile("handlers", file)
			if err != nil || !ok {
				t.Errorf("SnakeName(%q) = %q: go/build excludes %s for %s/%s (err %v)", in, got, file, ctx.GOOS, ctx.GOARCH, err)
			}
		}
	}
}

func TestNamer(t *testing.T) {
	n := NewNamer("Handler", "service")
	got := []string{
		n.Unique("GetThing"),
		n.Unique("getThing"), // differs only in case: still taken
		n.Unique("GETTHING"),
		n.Unique("Handler"), // reserved
		n.Unique("HANDLER"), // reserved, other case
		n.Unique("Service"), // reserved in lower case
		n.Unique("GetThing2"),
		n.Unique("Other"),
	}
	want := []string{"GetThing", "getThing2", "GETTHING3", "Handler2", "HANDLER3", "Service2", "GetThing22", "Other"}
	if !slices.Equal(got, want) {
		t.Errorf("Unique in order gave %q, want %q", got, want)
	}
	if !n.Taken("gEtThInG") || !n.Taken("handler") || n.Taken("Unused") {
		t.Errorf("Taken is wrong: gEtThInG %v, handler %v, Unused %v", n.Taken("gEtThInG"), n.Taken("handler"), n.Taken("Unused"))
	}
	// Every name handed out differs from every other even ignoring case.
	seen := map[string]string{}
	m := NewNamer()
	for _, in := range hostileNames {
		for range 3 {
			name := m.Unique(GoName(in, "Op"))
			if prev, dup := seen[strings.ToLower(name)]; dup {
				t.Errorf("Unique handed out %q after %q", name, prev)
			}
			seen[strings.ToLower(name)] = name
		}
	}
}

func TestNameOperationTypes(t *testing.T) {
	api := &API{Operations: []*Operation{
		{GoName: "ListThings", Responses: []*Response{{Status: "200"}, {Status: "4XX"}, {Status: "default"}}},
		{GoName: "GetThing", Responses: []*Response{{Status: "200"}}},
	}}
	api.NameOperationTypes([]string{"ListThingsRequest", "Response", "GetThing200"})
	got := []string{api.Operations[0].RequestType, api.Operations[0].ResponseType}
	for _, r := range api.Operations[0].Responses {
		got = append(got, r.Constructor)
	}
	got = append(got, api.Operations[1].RequestType, api.Operations[1].ResponseType, api.Operations[1].Responses[0].Constructor)
	want := []string{"ListThingsRequest2", "ListThingsResponse", "ListThings200", "ListThings4XX", "ListThingsDefault",
		"GetThingRequest", "GetThingResponse", "GetThing2002"}
	if !slices.Equal(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
}

func ExampleGoName() {
	for _, s := range []string{"list things", "x-request-id", "2fa-check", "func"} {
		fmt.Println(GoName(s, "Op"))
	}
	// Output:
	// ListThings
	// XRequestID
	// Op2faCheck
	// Func
}
