package evolve

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// Side is one version of the spec, loaded once: the document oasdiff reads
// and the model specgate's rules read are made from the same load.
type Side struct {
	Name string // what reports call it: a file name, or REF:path
	Doc  *spec.Document
	API  *model.API
	// Clients are the app clients whose tokens callers hold. A platform
	// (platform.yaml) declares them; for one service they are the Cognito
	// clients generated from the spec.
	Clients []*model.AppClient
	// ResourceServers are the Cognito resource servers generated from the
	// spec (none when a platform declares the clients).
	ResourceServers []*model.ResourceServer
	// noIdentity is set when deploy could not build the Cognito identity
	// (the spec has a deploy-only problem): its clients are unknown, not gone.
	noIdentity bool
	// BasePaths are the path parts of the servers' URLs, sorted and
	// distinct ("/" when a server has none).
	BasePaths []string
}

// Options are what the spec does not say (from specgate.yaml or flags).
type Options struct {
	// Build loads the spec at file and builds its model as generation
	// does (configured backends included). Nil: spec.Load and
	// spec.ToModel with Model.
	Build          func(ctx context.Context, file string) (*spec.Document, *model.API, *spec.TypesSource, error)
	Model          spec.Options
	ResourceServer string // Cognito resource server identifier; default the service name
	// Clients replaces the clients generated from the spec, for a
	// configuration that declares its own (a platform's).
	Clients []*model.AppClient
}

// Load reads the spec at file and builds what the rules compare. name is
// how reports call it (file when empty). A spec that cannot be read or
// built is an error: *spec.Error for a wrong spec.
func Load(ctx context.Context, file, name string, opts Options) (*Side, error) {
	build := opts.Build
	if build == nil {
		build = func(ctx context.Context, file string) (*spec.Document, *model.API, *spec.TypesSource, error) {
			doc, err := spec.Load(ctx, file)
			if err != nil {
				return nil, nil, nil, err
			}
			api, ts, err := spec.ToModel(doc, opts.Model)
			return doc, api, ts, err
		}
	}
	doc, api, ts, err := build(ctx, file)
	if err != nil {
		return nil, err
	}
	if err := spec.Validation(doc, api, spec.ValidationOptions{SkipUnsupportedPatterns: true}); err != nil {
		return nil, err
	}
	if name == "" {
		name = file
	}
	s := &Side{Name: name, Doc: doc, API: api, Clients: opts.Clients, BasePaths: basePaths(doc)}
	if s.Clients == nil {
		rs := opts.ResourceServer
		if rs == "" {
			rs = api.ResourceServer
		}
		if rs == "" {
			rs = api.Name
		}
		api.ResourceServer = rs
		// Deploy is only asked for the clients: the deploy settings that
		// change nothing about them stay at their defaults.
		dep, err := spec.Deploy(doc, api, ts, spec.DeployOptions{ResourceServer: rs, AllowHTTPLegacy: true})
		switch {
		case err != nil:
			s.noIdentity = true
		case dep.Cognito != nil:
			s.Clients, s.ResourceServers = dep.Cognito.Clients, dep.Cognito.ResourceServers
		}
	}
	return s, nil
}

// basePaths lists the path part of every server URL: what API Gateway's
// base path mapping and every caller's URLs start with.
func basePaths(doc *spec.Document) []string {
	seen := map[string]bool{}
	for _, srv := range doc.T.Servers {
		if srv == nil {
			continue
		}
		p := srv.URL
		if u, err := url.Parse(srv.URL); err == nil && (u.Scheme != "" || u.Host != "") {
			p = u.Path
		} else if i := strings.Index(p, "://"); i >= 0 {
			p = p[i+3:]
			if j := strings.IndexByte(p, '/'); j >= 0 {
				p = p[j:]
			} else {
				p = ""
			}
		}
		p = path.Clean("/" + p)
		seen[p] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// LoadPair loads BASE and NEW at once (each load is independent: its own
// loader, document and model), which halves the wait on a large spec.
func LoadPair(ctx context.Context, baseFile, baseName string, baseOpts Options, newFile, newName string, newOpts Options) (base, next *Side, err error) {
	var baseErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		base, baseErr = Load(ctx, baseFile, baseName, baseOpts)
	}()
	next, err = Load(ctx, newFile, newName, newOpts)
	<-done
	if baseErr != nil {
		return nil, nil, fmt.Errorf("base spec: %w", baseErr)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("new spec: %w", err)
	}
	return base, next, nil
}
