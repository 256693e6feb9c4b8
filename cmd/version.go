package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionString is "specgate <version> (commit <commit>, <go version>)".
// What ldflags did not set comes from the build info: a binary built by
// `go install ...@vX` reports vX, and one built in a checkout the VCS
// revision go build stamped.
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(Version, Commit, bi, runtime.Version())
}

// versionFrom is versionString's pure part: version and commit as ldflags
// set them ("dev" and "none" when they did not), and the build info (nil
// when the binary has none).
func versionFrom(version, commit string, bi *debug.BuildInfo, goVersion string) string {
	if bi != nil {
		if version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
		if commit == "none" {
			rev, dirty := "", false
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					dirty = s.Value == "true"
				}
			}
			if rev != "" {
				if len(rev) > 12 {
					rev = rev[:12]
				}
				if dirty {
					rev += "-dirty"
				}
				commit = rev
			}
		}
	}
	return fmt.Sprintf("specgate %s (commit %s, %s)", version, commit, goVersion)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print specgate's version, commit and Go version",
		Long: `version prints specgate's version, the commit it was built from and the Go
version. Release builds set them with ldflags; otherwise they come from the
build information Go records: the module version of ` + "`go install ...@vX`" + `, and
the VCS revision of a build in a checkout (with -dirty when it had changes).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionString())
			return err
		},
	}
}
