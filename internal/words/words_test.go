package words

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "error", "0 errors"},
		{1, "error", "1 error"},
		{2, "warning", "2 warnings"},
		{1, "scaffold file", "1 scaffold file"},
		{11, "scaffold file", "11 scaffold files"},
		{-1, "note", "-1 notes"},
	} {
		if got := Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"spec", "out", "module", "authorizer", "user-pool-arn"}
	for in, want := range map[string]string{"spce": "spec", "modul": "module", "Authoriser": "authorizer", "user-pool": "", "xyz": "", "ot": "out"} {
		if got := Closest(in, known); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}
