// Package kinformats registers in kin-openapi the string formats it does not
// check by default, with the meaning specgate's generated code gives them
// (docs/validation.md), so that the differential test compares like with like.
package kinformats

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"

	"github.com/getkin/kin-openapi/openapi3"
)

// The formats kin-openapi does not check by default, registered with the
// meaning docs/validation.md gives them, so both sides judge the same thing.
// Register defines them in kin-openapi (its format registry is global).
func Register() {
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`))
	openapi3.DefineStringFormatValidator("time", openapi3.NewRegexpFormatValidator(`^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`))
	openapi3.DefineStringFormatValidator("hostname", openapi3.NewCallbackValidator(func(s string) error {
		if len(s) > 253 || !hostnameRE.MatchString(s) {
			return fmt.Errorf("not a host name")
		}
		return nil
	}))
	openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" {
			return fmt.Errorf("not an absolute URI")
		}
		return nil
	}))
	openapi3.DefineStringFormatValidator("byte", openapi3.NewCallbackValidator(func(s string) error {
		_, err := base64.StdEncoding.Strict().DecodeString(s)
		return err
	}))
	openapi3.DefineIPv4Format()
	openapi3.DefineIPv6Format()
}

var hostnameRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
