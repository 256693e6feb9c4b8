package generator

import (
	"regexp"

	"github.com/specgate/specgate/generator/emit/lambda"
	"github.com/specgate/specgate/generator/emit/local"
)

// RuntimeVersionFiles are the files stamping the runtimes copied verbatim
// into a project (internal/apirt, internal/localrt) with the specgate
// version that wrote them: Options.Version. A project another version
// generated drifts there, as in any other generated file.
var RuntimeVersionFiles = []string{lambda.RuntimeVersionFile, local.RuntimeVersionFile}

var stampedVersion = regexp.MustCompile(`(?m)^const \w*Version = "([^"\n]*)"$`)

// RuntimeVersion returns the version a runtime's stamp holds, when path
// is one of RuntimeVersionFiles and data its content.
func RuntimeVersion(path string, data []byte) (string, bool) {
	for _, f := range RuntimeVersionFiles {
		if f != path {
			continue
		}
		if m := stampedVersion.FindSubmatch(data); m != nil {
			return string(m[1]), true
		}
	}
	return "", false
}
