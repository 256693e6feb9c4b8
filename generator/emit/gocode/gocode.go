// Package gocode holds what every Go-emitting emitter shares: formatting
// with a located excerpt on failure, comments as go/format prints them,
// and the Go literals of route segments.
package gocode

import (
	"fmt"
	"go/format"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Format runs src through go/format. Generated Go that does not parse is a
// specgate bug: the error names what produced it (a template, an emitter)
// and quotes the lines around the fault.
func Format(what string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err == nil {
		return out, nil
	}
	return nil, fmt.Errorf("%s produced Go that does not parse (a specgate bug, please report it): %v\n%s", what, err, excerpt(src, err))
}

// excerpt quotes the source around the line a go/format error names.
func excerpt(src []byte, err error) string {
	var line int
	if _, e := fmt.Sscanf(err.Error(), "%d:", &line); e != nil {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for i := max(0, line-5); i < min(len(lines), line+3); i++ {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, lines[i])
	}
	return b.String()
}

// ExportedSegmentLiteral is the body of the `apirt.Segment{...}` and
// `localrt.Segment{...}` literals that the Lambda router and the local
// server match a path segment with.
func ExportedSegmentLiteral(s model.Segment) string {
	var parts []string
	if s.Prefix != "" {
		parts = append(parts, fmt.Sprintf("Prefix: %q", s.Prefix))
	}
	if s.Suffix != "" {
		parts = append(parts, fmt.Sprintf("Suffix: %q", s.Suffix))
	}
	if s.Param != "" {
		parts = append(parts, "Param: true")
	}
	if s.Greedy {
		parts = append(parts, "Greedy: true")
	}
	return strings.Join(parts, ", ")
}
