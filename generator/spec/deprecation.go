package spec

import (
	"fmt"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// The extensions that date a deprecation.
const (
	SunsetExtension       = "x-sunset"        // when the operation stops answering (RFC 8594 Sunset header)
	DeprecatedAtExtension = "x-deprecated-at" // when it was (or will be) deprecated (RFC 9745 Deprecation header)
)

// deprecation reads x-sunset and x-deprecated-at: dates, as RFC 3339
// full-date (2027-01-31) or date-time.
func (b *builder) deprecation(o *model.Operation, op *openapi3.Operation) {
	for _, ext := range []struct {
		name string
		to   *string
	}{{SunsetExtension, &o.Sunset}, {DeprecatedAtExtension, &o.DeprecatedAt}} {
		raw, ok := op.Extensions[ext.name]
		if !ok {
			continue
		}
		s, isString := raw.(string)
		if _, err := model.ParseDate(s); err != nil {
			shown := strconv.Quote(s)
			if f, ok := raw.(float64); ok {
				shown = strconv.FormatFloat(f, 'f', -1, 64)
			} else if !isString {
				shown = fmt.Sprintf("%v", raw)
			}
			b.errorf(o.Origin, "write a date as 2027-01-31 or 2027-01-31T00:00:00Z", "%s %s: %s must be a date, not %s", o.Method, o.Path, ext.name, shown)
			continue
		}
		*ext.to = s
	}
	if o.Sunset != "" && !o.Deprecated {
		b.warnf(o.Origin, "%s %s: %s without deprecated: true; add deprecated: true so callers are told before the sunset", o.Method, o.Path, SunsetExtension)
	}
}
