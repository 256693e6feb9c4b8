package model

import (
	"net/http"
	"strconv"
	"time"
)

// ParseDate reads a date of the spec (x-sunset, x-deprecated-at): an
// RFC 3339 full-date (midnight UTC) or date-time.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// UndatedDeprecation is the Deprecation header (RFC 9745) of what is
// deprecated since a date the spec does not give: the epoch, a date in the
// past, so the deprecation is in effect.
const UndatedDeprecation = "@0"

// DeprecationHeader is the Deprecation header (RFC 9745) the operation
// answers with: a structured date, "@" and Unix seconds, of x-deprecated-at;
// UndatedDeprecation without one; "" when the operation is not deprecated.
func (o *Operation) DeprecationHeader() string {
	if !o.Deprecated {
		return ""
	}
	t, err := ParseDate(o.DeprecatedAt)
	if err != nil {
		return UndatedDeprecation
	}
	return "@" + strconv.FormatInt(t.Unix(), 10)
}

// SunsetHeader is the Sunset header (RFC 8594, an HTTP-date) of a
// deprecated operation with x-sunset; "" otherwise.
func (o *Operation) SunsetHeader() string {
	if !o.Deprecated || o.Sunset == "" {
		return ""
	}
	t, err := ParseDate(o.Sunset)
	if err != nil {
		return ""
	}
	return t.UTC().Format(http.TimeFormat)
}
