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
		{isHostname, "hostname", "www.example.com", true},
		{isHostname, "hostname", "xn--X", false},                     // invalid Punycode
		{isHostname, "hostname", "xn--9n2bp8q.xn--9t4b11yi5a", true}, // example.test in Hangul
		{isHostname, "hostname", "xn--07jt112bpxg.xn--9t4b11yi5a", false},
		{isHostname, "hostname", "xn--hello-txk", false}, // leading combining mark
		{isHostname, "hostname", "xn--chb89f", false},    // DISALLOWED exception
		{isHostname, "hostname", "xn--ll-0ea", true},     // l·l
		{isHostname, "hostname", "xn--al-0ea", false},
		{isHostname, "hostname", "xn--wva3je", true},
		{isHostname, "hostname", "xn--wva3j", false},
		{isHostname, "hostname", "xn--4dbc5h", true},
		{isHostname, "hostname", "xn--5db1e", false},
		{isHostname, "hostname", "xn--vek778f", true},
		{isHostname, "hostname", "xn--vek", false},
		{isHostname, "hostname", "xn--ngb6iyr", false},
		{isHostname, "hostname", "xn--11b2ezcw70k", true}, // ZWJ after a virama
		{isHostname, "hostname", "xn--11b2er09f", false},
		{isHostname, "hostname", "XN--aa---o47jg78q", false},
		{isHostname, "hostname", "ab--cd.example", true}, // RFC 1123 allows it
		{isEmail, "email", "joe.bloggs@example.com", true},
		{isEmail, "email", `"joe bloggs"@example.com`, true},
		{isEmail, "email", "joe.bloggs@[IPv6:::1]", true},
		{isEmail, "email", ".test@example.com", false},
		{isEmail, "email", "te..st@example.com", false},
		{isEmail, "email", "joe bloggs@example.com", false},
		{isEmail, "email", "joe.bloggs@[127.0.0.300]", false},
		{isDateTime, "date-time", "1963-06-19t08:30:06.283185z", true},
		{isDateTime, "date-time", "1998-12-31T23:59:60Z", true},
		{isDateTime, "date-time", "1998-12-31T15:59:60.123-08:00", true},
		{isDateTime, "date-time", "1998-12-31T23:58:60Z", false},
		{isTime, "time", "23:59:60+01:00", false},
		{isTime, "time", "08:30:06z", true},
		{isURI, "uri", "http://[::1]:80/a", true},
		{isURI, "uri", "https://example.org/foo%20bar", true},
		{isURI, "uri", "http:/[::1]", false},
		{isURI, "uri", "https://example.org/foo bar", false},
		{isURI, "uri", "https://example.org/foobar®.txt", false},
		{isURI, "uri", "https://example.org/foo%zzbar", false},
		{isIPv6, "ipv6", "fe80::a", true},
		{isIPv6, "ipv6", "fe80::a%eth1", false},
	} {
		if got := c.f([]byte(c.s)); got != c.ok {
			t.Errorf("%s %q: got %v, want %v", c.fn, c.s, got, c.ok)
		}
	}
}
