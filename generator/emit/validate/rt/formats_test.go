package rt

import "testing"

// TestFormats checks the format edges the JSON Schema Test Suite found
// (generator/conformance_test.go runs the whole suite through generated
// code; this pins them at the source).
func TestFormats(t *testing.T) {
	for _, c := range []struct {
		f  func([]byte) bool
		fn string
		s  string
		ok bool
	}{
		{IsHostname, "hostname", "www.example.com", true},
		{IsHostname, "hostname", "xn--X", false},                     // invalid Punycode
		{IsHostname, "hostname", "xn--9n2bp8q.xn--9t4b11yi5a", true}, // example.test in Hangul
		{IsHostname, "hostname", "xn--07jt112bpxg.xn--9t4b11yi5a", false},
		{IsHostname, "hostname", "xn--hello-txk", false}, // leading combining mark
		{IsHostname, "hostname", "xn--chb89f", false},    // DISALLOWED exception
		{IsHostname, "hostname", "xn--ll-0ea", true},     // l·l
		{IsHostname, "hostname", "xn--al-0ea", false},
		{IsHostname, "hostname", "xn--wva3je", true},
		{IsHostname, "hostname", "xn--wva3j", false},
		{IsHostname, "hostname", "xn--4dbc5h", true},
		{IsHostname, "hostname", "xn--5db1e", false},
		{IsHostname, "hostname", "xn--vek778f", true},
		{IsHostname, "hostname", "xn--vek", false},
		{IsHostname, "hostname", "xn--ngb6iyr", false},
		{IsHostname, "hostname", "xn--11b2ezcw70k", true}, // ZWJ after a virama
		{IsHostname, "hostname", "xn--11b2er09f", false},
		{IsHostname, "hostname", "XN--aa---o47jg78q", false},
		{IsHostname, "hostname", "ab--cd.example", true}, // RFC 1123 allows it
		{IsEmail, "email", "joe.bloggs@example.com", true},
		{IsEmail, "email", `"joe bloggs"@example.com`, true},
		{IsEmail, "email", "joe.bloggs@[IPv6:::1]", true},
		{IsEmail, "email", ".test@example.com", false},
		{IsEmail, "email", "te..st@example.com", false},
		{IsEmail, "email", "joe bloggs@example.com", false},
		{IsEmail, "email", "joe.bloggs@[127.0.0.300]", false},
		{IsDateTime, "date-time", "1963-06-19t08:30:06.283185z", true},
		{IsDateTime, "date-time", "1998-12-31T23:59:60Z", true},
		{IsDateTime, "date-time", "1998-12-31T15:59:60.123-08:00", true},
		{IsDateTime, "date-time", "1998-12-31T23:58:60Z", false},
		{IsTime, "time", "23:59:60+01:00", false},
		{IsTime, "time", "08:30:06z", true},
		{IsURI, "uri", "http://[::1]:80/a", true},
		{IsURI, "uri", "https://example.org/foo%20bar", true},
		{IsURI, "uri", "http:/[::1]", false},
		{IsURI, "uri", "https://example.org/foo bar", false},
		{IsURI, "uri", "https://example.org/foobar®.txt", false},
		{IsURI, "uri", "https://example.org/foo%zzbar", false},
		{IsIPv6, "ipv6", "fe80::a", true},
		{IsIPv6, "ipv6", "fe80::a%eth1", false},
	} {
		if got := c.f([]byte(c.s)); got != c.ok {
			t.Errorf("%s %q: got %v, want %v", c.fn, c.s, got, c.ok)
		}
	}
}
