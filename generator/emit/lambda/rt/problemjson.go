package rt

import (
	"strconv"
	"strings"
)

// appendProblem appends p as json.Marshal writes it, without reflection:
// every answer that is not the handler's is a problem document, so this
// is on the path of every 4xx (TestProblemJSONAsMarshal compares the two
// on hostile and random text). Strings are escaped as encoding/json
// escapes them: appendLogString's marshalled form, with <, > and & also
// written as \u escapes (json.Marshal's HTML escaping).
func appendProblem(dst []byte, p *problem) []byte {
	dst = append(dst, `{"type":`...)
	dst = appendMarshalledString(dst, p.Type)
	dst = append(dst, `,"title":`...)
	dst = appendMarshalledString(dst, p.Title)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(p.Status), 10)
	if p.Detail != "" {
		dst = append(dst, `,"detail":`...)
		dst = appendMarshalledString(dst, p.Detail)
	}
	if len(p.Errors) > 0 {
		dst = append(dst, `,"errors":[`...)
		for i := range p.Errors {
			e := &p.Errors[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"in":`...)
			dst = appendMarshalledString(dst, e.In)
			for _, f := range [...]struct{ key, val string }{{`,"name":`, e.Name}, {`,"pointer":`, e.Pointer}, {`,"keyword":`, e.Keyword}} {
				if f.val != "" {
					dst = appendMarshalledString(append(dst, f.key...), f.val)
				}
			}
			dst = append(dst, `,"message":`...)
			dst = appendMarshalledString(dst, e.Message)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendMarshalledString appends s as json.Marshal writes a string.
func appendMarshalledString(dst []byte, s string) []byte {
	start := len(dst)
	dst = appendLogString(dst, s, true)
	if !strings.ContainsAny(s, "<>&") {
		return dst
	}
	// <, > and & pass appendLogString as they are, and are never part of
	// an escape it writes: each becomes its \u00XX escape.
	const hex = "0123456789abcdef"
	text := append([]byte(nil), dst[start:]...)
	dst = dst[:start]
	for _, c := range text {
		if c == '<' || c == '>' || c == '&' {
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
