package rt

import (
	"strings"
	"testing"
)

// TestStrArena: a string str returned never changes, whatever the request
// (or the next request, with the same pooled state) decodes after it; short
// strings share one allocation; long and empty ones are handled.
func TestStrArena(t *testing.T) {
	s := NewState()
	s.Begin([]byte(`{"a":"` + strings.Repeat("x", 300) + `"}`))
	buf := []byte("first")
	first := s.Str(buf)
	buf[0] = 'X' // the decoder's buffer is reused: the string must not see it
	var got []string
	want := []string{"first"}
	got = append(got, first)
	for i := range 200 { // past every chunk: new chunks, old strings intact
		w := strings.Repeat(string(rune('a'+i%26)), 1+i%40)
		got = append(got, s.Str([]byte(w)))
		want = append(want, w)
	}
	long := strings.Repeat("L", maxArenaString+1)
	got, want = append(got, s.Str([]byte(long))), append(want, long)
	if s.Str(nil) != "" || s.Str([]byte{}) != "" {
		t.Error("an empty string is not empty")
	}
	s.Release()
	s2 := NewState() // likely the same state, from the pool
	s2.Begin([]byte(`{}`))
	for range 100 {
		s2.Str([]byte("overwrite overwrite overwrite"))
	}
	s2.Release()
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d changed: %q, want %q", i, got[i], want[i])
		}
	}
	s3 := NewState()
	s3.Begin([]byte(`{"name":"Ada Lovelace","city":"London","country":"GB"}`))
	allocs := testing.AllocsPerRun(100, func() {
		s3.arena = nil
		s3.Str([]byte("Ada Lovelace"))
		s3.Str([]byte("London"))
		s3.Str([]byte("GB"))
	})
	s3.Release()
	if allocs != 1 {
		t.Errorf("three short strings took %v allocations, want 1", allocs)
	}
}

// TestNewString: each *string NewString hands out is empty and the value's
// own: writing through one changes no other, across slabs and across
// requests sharing a pooled state; a slab's worth takes one allocation.
func TestNewString(t *testing.T) {
	s := NewState()
	var ptrs []*string
	for i := range 3*strSlab + 1 {
		p := s.NewString()
		if *p != "" {
			t.Fatalf("slot %d is not empty: %q", i, *p)
		}
		*p = strings.Repeat("v", i+1)
		ptrs = append(ptrs, p)
	}
	s.Release()
	for range 5 { // the next requests, likely with the same pooled state
		s2 := NewState()
		for range 2 * strSlab {
			p := s2.NewString()
			if *p != "" {
				t.Fatalf("a slot handed out again holds %q", *p)
			}
			*p = "overwrite"
		}
		s2.Release()
	}
	for i, p := range ptrs {
		if want := strings.Repeat("v", i+1); *p != want {
			t.Fatalf("slot %d changed: %q, want %q", i, *p, want)
		}
	}
	s3 := NewState()
	allocs := testing.AllocsPerRun(100, func() {
		s3.strs = nil
		for range strSlab {
			s3.NewString()
		}
	})
	s3.Release()
	if allocs != 1 {
		t.Errorf("%d optional strings took %v allocations, want 1", strSlab, allocs)
	}
}
