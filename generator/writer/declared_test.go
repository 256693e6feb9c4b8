package writer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestWriteScaffoldAlreadyDeclared: a missing stub whose method another Go
// file of its directory declares (on any receiver, or as a function or a
// type) is not created, and says where; test files and files that do not
// parse declare nothing; a stub with nothing declared elsewhere is created.
func TestWriteScaffoldAlreadyDeclared(t *testing.T) {
	root := t.TempDir()
	team := map[string]string{
		"handlers/orders.go":    "package handlers\n\ntype Orders struct{}\n\nfunc (*Orders) GetOrder() {}\n",
		"handlers/helpers.go":   "package handlers\n\nfunc ListThings() {}\n\ntype PutThing struct{}\n",
		"handlers/some_test.go": "package handlers\n\nfunc (x) DeleteOrder() {}\n",
		"handlers/broken.go":    "package handlers\n\nfunc (x) PatchOrder( {\n",
		"other/elsewhere.go":    "package other\n\nfunc (x) MakeOrder() {}\n",
	}
	for p, src := range team {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stub := func(file, name string) File {
		return File{Path: "handlers/" + file, Data: []byte("package handlers\n"), Kind: Scaffold, Declares: name}
	}
	set := newSet(t,
		stub("get_order.go", "GetOrder"), stub("list_things.go", "ListThings"), stub("put_thing.go", "PutThing"),
		stub("delete_order.go", "DeleteOrder"), stub("patch_order.go", "PatchOrder"), stub("make_order.go", "MakeOrder"),
	)
	res, err := Write(root, set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCovered := []string{
		"handlers/get_order.go (GetOrder in handlers/orders.go)",
		"handlers/list_things.go (ListThings in handlers/helpers.go)",
		"handlers/put_thing.go (PutThing in handlers/helpers.go)",
	}
	wantCreated := []string{"handlers/delete_order.go", "handlers/make_order.go", "handlers/patch_order.go"}
	if !reflect.DeepEqual(res.Covered, wantCovered) || !reflect.DeepEqual(res.Created, wantCreated) {
		t.Fatalf("covered %q, created %q; want %q, %q", res.Covered, res.Created, wantCovered, wantCreated)
	}
	for _, p := range []string{"get_order.go", "list_things.go", "put_thing.go"} {
		if _, err := os.Stat(filepath.Join(root, "handlers", p)); !os.IsNotExist(err) {
			t.Errorf("handlers/%s was written: %v", p, err)
		}
	}
}

// TestWriteScaffoldPromotedMethod: a stub is not created for a method the
// receiver already gets by embedding: a type of another package of the
// module (followed through a local embedded type too), an interface's
// method, and anything from a package outside the module, which cannot be
// read and so counts as declaring it. A receiver with no embedded type
// still gets its stub.
func TestWriteScaffoldPromotedMethod(t *testing.T) {
	root := t.TempDir()
	for p, src := range map[string]string{
		"go.mod":                "module example.com/m\n\ngo 1.26\n",
		"handlers/service.go":   "package handlers\n\nimport (\n\t\"example.com/m/api\"\n\timpl \"example.com/m/internal/impl\"\n)\n\ntype Service struct {\n\t*impl.Impl\n\tbase\n\tapi.Handler\n}\n",
		"handlers/deep.go":      "package handlers\n\nimport \"example.com/m/deep\"\n\ntype base struct{ *deep.Deep }\n",
		"handlers/other.go":     "package handlers\n\ntype Other struct{ n int }\n",
		"handlers/outside.go":   "package handlers\n\nimport \"github.com/x/y\"\n\ntype Outside struct{ y.Z }\n",
		"internal/impl/impl.go": "package impl\n\ntype Impl struct{}\n\nfunc (Impl) Secured() {}\n",
		"deep/deep.go":          "package deep\n\ntype Deep struct{}\n\nfunc (*Deep) Buried() {}\n",
		"api/handler.gen.go":    "package api\n\ntype Handler interface {\n\tListThings()\n}\n",
	} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stub := func(file, decl string) File {
		return File{Path: "handlers/" + file, Data: []byte("package handlers\n"), Kind: Scaffold, Declares: decl}
	}
	res, err := Write(root, newSet(t,
		stub("secured.go", "Service.Secured"), stub("list_things.go", "Service.ListThings"),
		stub("fresh.go", "Other.Fresh"), stub("any.go", "Outside.Anything"), stub("buried.go", "Service.Buried"),
	), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCovered := []string{
		"handlers/any.go (Anything may come from github.com/x/y.Z, which Outside embeds from outside the module)",
		"handlers/buried.go (Buried in deep/deep.go)",
		"handlers/list_things.go (ListThings in api/handler.gen.go)",
		"handlers/secured.go (Secured in internal/impl/impl.go)",
	}
	if !reflect.DeepEqual(res.Covered, wantCovered) || !reflect.DeepEqual(res.Created, []string{"handlers/fresh.go"}) {
		t.Fatalf("covered %q, created %q; want %q, [handlers/fresh.go]", res.Covered, res.Created, wantCovered)
	}
}

// TestWriteScaffoldStdEmbed: a standard library type embedded (sync.Mutex)
// is read like the module's own: it provides Lock, not the operations.
func TestWriteScaffoldStdEmbed(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "handlers"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, src := range map[string]string{
		"go.mod":              "module example.com/m\n\ngo 1.26\n",
		"handlers/service.go": "package handlers\n\nimport \"sync\"\n\ntype Service struct {\n\tsync.Mutex\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(root, p), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Write(root, newSet(t,
		File{Path: "handlers/get_order.go", Data: []byte("package handlers\n"), Kind: Scaffold, Declares: "Service.GetOrder"},
		File{Path: "handlers/lock.go", Data: []byte("package handlers\n"), Kind: Scaffold, Declares: "Service.Lock"},
	), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Created, []string{"handlers/get_order.go"}) || len(res.Covered) != 1 ||
		!strings.HasPrefix(res.Covered[0], "handlers/lock.go (Lock in ") || !strings.Contains(res.Covered[0], "sync") {
		t.Fatalf("created %q, covered %q; want get_order.go created, lock.go covered by sync.Mutex", res.Created, res.Covered)
	}
}
