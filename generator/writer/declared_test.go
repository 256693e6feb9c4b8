package writer

import (
	"os"
	"path/filepath"
	"reflect"
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
