package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/platform"
)

// asPlatformService joins a service's generator options to its platform:
// the resource server of its scopes, the platform's CORS origins, the one
// identity (the clients that may call it are its audience), the services
// it calls and the authorizer the platform's gateway implies. platform
// generate and every command run in a service's directory (generate,
// check, lint, diff, test) use it, so they build the same service.
func asPlatformService(p *platform.Platform, name string, opts *generator.Options) {
	opts.ResourceServer = p.ResourceServer(name)
	if len(p.CORS) > 0 {
		opts.CORSOrigins = p.CORS
	}
	opts.SharedIdentity = &generator.SharedIdentity{
		Clients:       p.ServiceClients(name), // its audience: the clients that may call it
		Stack:         p.IdentityStack(),
		GatewayAccess: model.GatewayAccess(p.GatewayAccess),
	}
	opts.Calls = p.Calls(name)
	opts.Authorizer = platformAuthorizer(p, opts.Authorizer)
}

// enclosingPlatform finds the platform whose services include the
// directory of cfgFile: the nearest platform.yaml above it that lists the
// directory. It returns nil when there is none; an error when the nearest
// platform.yaml does not load.
func enclosingPlatform(cfgFile string) (*platform.Platform, string, error) {
	dir, err := filepath.Abs(filepath.Dir(cfgFile))
	if err != nil {
		return nil, "", nil
	}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		file := filepath.Join(d, "platform.yaml")
		if _, err := os.Stat(file); err == nil {
			p, err := platform.Load(file)
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return nil, "", withExit(ExitInvalid, fmt.Errorf("this service's directory is under %s, which does not load: %w", file, err))
			default:
				for _, name := range p.ServiceNames() {
					if sd, err := filepath.Abs(p.ServiceDir(name)); err == nil && sd == dir {
						return p, name, nil
					}
				}
			}
			return nil, "", nil
		}
		if d == filepath.Dir(d) {
			return nil, "", nil
		}
	}
}

// platformLintOptions are the lint options of a platform's service: its
// resource server, the platform's gateway and one shared pool. platform
// lint and lint run in a service's directory use them.
func platformLintOptions(p *platform.Platform, name string, cfg *config.Config) lint.Options {
	return lint.Options{
		API: cfg.API, Service: cfg.Service, Authorizer: platformLintAuthorizer(cfg.Auth.Authorizer), ResourceServer: p.ResourceServer(name),
		SkipUnsupportedPatterns: cfg.Validation.SkipUnsupportedPatterns, Backends: sortedKeys(cfg.Legacy.Backends),
		LegacyAuthorizer: platformAuthorizer(p, cfg.Auth.Authorizer), GatewayAccess: p.GatewayAccess, SharedPool: true,
	}
}
