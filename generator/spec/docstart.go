package spec

import (
	"bytes"
)

// docStartMarker is what jsonDocStart puts before a JSON document's "{".
const docStartMarker = "--- "

// jsonDocStart puts a YAML document start marker ("--- ") before the "{"
// that opens a JSON document, when that "{" starts its line and is alone
// on it, and returns the line (from 1) it is on; 0 and data unchanged
// otherwise. kin-openapi reads JSON with the YAML parser (for the
// positions), and go.yaml.in/yaml/v4's scanner keeps every token of a flow
// mapping that may be a simple key queued until the mapping ends: for a
// JSON document, opened at the start of the stream, that is every token of
// the file (SendGrid's 1.5 MB: 164 MB allocated to load it, 51 MB with the
// marker). After "--- " on the same line no simple key may start, so the
// tokens flow through. The marker moves nothing but the "{" itself, four
// columns right, whose position kin-openapi does not keep (the document's
// is its first key's); no other line changes (TestJSONDocStartSameDocument).
func jsonDocStart(data []byte) ([]byte, int) {
	i, line := 0, 1
	for ; i < len(data) && bytes.IndexByte([]byte(" \t\r\n"), data[i]) >= 0; i++ {
		if data[i] == '\n' {
			line++
		}
	}
	if i == len(data) || data[i] != '{' || (i > 0 && data[i-1] != '\n') {
		return data, 0
	}
	rest, _, _ := bytes.Cut(data[i+1:], []byte("\n"))
	if len(bytes.Trim(rest, " \t\r")) != 0 || !markable(data) {
		// Something else on the "{" line would move too.
		return data, 0
	}
	out := make([]byte, 0, len(data)+len(docStartMarker))
	out = append(out, data[:i]...)
	out = append(out, docStartMarker...)
	return append(out, data[i:]...), line
}

// markable reports whether kin-openapi reads the JSON document data with
// the YAML parser, so that a marker keeps its meaning: with a raw U+0085,
// a line break to YAML, it reads JSON as JSON, which "--- " is not.
func markable(data []byte) bool { return !bytes.Contains(data, []byte("\u0085")) }

// MarkJSON is jsonDocStart for JSON written by specgate itself (the types
// emitter hands kin-openapi json.Marshal's output, on one line, whose
// positions no one reads): the marker before a document that starts with
// "{", data unchanged otherwise.
func MarkJSON(data []byte) []byte {
	if len(data) == 0 || data[0] != '{' || !markable(data) {
		return data
	}
	return append([]byte(docStartMarker), data...)
}

// jsonDocStarts turns jsonDocStart on; tests compare with it off.
var jsonDocStarts = true
