package cmd

import (
	"runtime/debug"
	"testing"
)

// TestVersionFrom: ldflags win; without them the module version and the
// VCS revision come from the build info.
func TestVersionFrom(t *testing.T) {
	stamped := &debug.BuildInfo{Main: debug.Module{Path: "github.com/specgate/specgate", Version: "v1.4.2"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.modified", Value: "false"}}}
	dirty := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "fedcba9876543210"}, {Key: "vcs.modified", Value: "true"}}}
	for _, c := range []struct {
		name, version, commit string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"ldflags", "v2.0.0", "abc1234", stamped, "specgate v2.0.0 (commit abc1234, go1.x)"},
		{"build info", "dev", "none", stamped, "specgate v1.4.2 (commit 0123456789ab, go1.x)"},
		{"checkout with changes", "dev", "none", dirty, "specgate dev (commit fedcba987654-dirty, go1.x)"},
		{"no build info", "dev", "none", nil, "specgate dev (commit none, go1.x)"},
		{"no vcs", "dev", "none", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "specgate dev (commit none, go1.x)"},
	} {
		if got := versionFrom(c.version, c.commit, c.bi, "go1.x"); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
