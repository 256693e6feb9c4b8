package rt

import (
	"regexp"
	"testing"
	"time"
)

var uuidText = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// FuzzFormats: no format check panics on any text (a panic in one is a
// crash of the request's decoding), a UUID is accepted exactly when it
// is 8-4-4-4-12 hexadecimal, and a date exactly when time.Parse reads it
// back unchanged. The seed 00000000-0000-0000-0000-0000-0000000 (a fifth
// dash, an odd count of digits) made ParseUUID read past its input.
func FuzzFormats(f *testing.F) {
	for _, s := range []string{
		"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-0000-0000000",
		"00000000-0000-0000-0000-00000000000-", "2024-02-29", "2023-02-29", "2024-01-31T09:30:00Z",
		"09:30:00+01:00", "a@b.example", "https://example.com/a", "xn--9n2bp8q", "192.0.2.1", "::1", "aGVsbG8=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for _, check := range []func([]byte) bool{IsEmail, IsTime, IsURI, IsHostname, IsIPv4, IsIPv6, IsByte, IsUUID, IsDate, IsDateTime} {
			check(b)
		}
		ParseDateTime(b)
		DecodeByte(b)
		if _, ok := ParseUUID(b); ok != uuidText.MatchString(s) {
			t.Fatalf("ParseUUID(%q) = %v, the 8-4-4-4-12 form says %v", s, ok, !ok)
		}
		d, ok := ParseDate(b)
		ref, err := time.Parse("2006-01-02", s)
		if ok != (err == nil && ref.Format("2006-01-02") == s) || ok && !d.Equal(ref) {
			t.Fatalf("ParseDate(%q) = %v, %v; time.Parse: %v, %v", s, d, ok, ref, err)
		}
	})
}
