// Package localrt is the run-time support of a generated project's local
// server: an HTTP server that plays API Gateway and its authorizer. Each
// request is checked like the authorizer checks it (a signed token, its
// issuer, expiry, token_use and scopes), turned into the event the deployed
// API sends the function (REST API, payload 1.0, or HTTP API, payload 2.0),
// and answered by the same handler in process; legacy operations are
// proxied to their backends.
//
// The generator copies it verbatim into each project as internal/localrt;
// the project's package local (spec-derived) fills a Spec and calls New or
// Main. Only cmd/local imports it: the Lambda function never links it or
// its JOSE library.
package localrt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// The authentication modes.
const (
	AuthCognito = "cognito" // tokens of a Cognito user pool, verified against its JWKS
	AuthDev     = "dev"     // tokens signed by a local key pair (see the token command)
	AuthOff     = "off"     // no token is checked; every request is logged with a warning
)

// identity headers carry the caller's verified identity to legacy
// backends; the function never reads them (it gets the verified claims in
// the event, as the authorizer passes them on).
const (
	subjectHeader = "X-Specgate-Subject"
	scopesHeader  = "X-Specgate-Scopes"
)

// Config is how the local server runs; Main fills it from flags and the
// environment.
type Config struct {
	Auth     string            // AuthCognito, AuthDev or AuthOff
	Issuer   string            // cognito: the user pool's issuer, https://cognito-idp.REGION.amazonaws.com/POOL_ID
	JWKSURL  string            // cognito: the pool's keys; default Issuer + "/.well-known/jwks.json"
	Audience []string          // app client IDs a token must be for; empty: any
	KeyFile  string            // dev: the local key pair, created when missing
	Subject  string            // off: the caller every request runs as
	Legacy   map[string]string // legacy base URLs by backend name or host, replacing the deployed ones
	Logger   *slog.Logger      // nil: JSON lines to stderr; the function's request lines go there too
}

// Server is the local API Gateway: an http.Handler.
type Server struct {
	spec     *Spec
	api      *API
	cfg      Config
	fn       function
	verifier *verifier // nil when auth is off
	backends []*url.URL
	log      *slog.Logger
}

// New makes a server for spec in front of fn. In cognito mode it fetches
// the JWKS once, so a wrong URL fails here; in dev mode it loads the key
// pair, or creates it.
func New(ctx context.Context, cfg Config, spec *Spec, fn Function) (*Server, error) {
	s := &Server{spec: spec, api: &spec.API, cfg: cfg, log: cfg.Logger}
	s.fn = s.newFunction(fn)
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	// The function logs the requests it serves, in the same shape as the
	// server's lines for those it answers itself.
	s.api.SetLogger(s.log)
	switch cfg.Auth {
	case AuthCognito, AuthDev:
		v, err := newVerifier(ctx, cfg, spec.DevIssuer)
		if err != nil {
			return nil, err
		}
		s.verifier = v
	case AuthOff:
		if s.cfg.Subject == "" {
			s.cfg.Subject = "local-user"
		}
	default:
		return nil, fmt.Errorf("auth mode %q: use cognito, dev or off", cfg.Auth)
	}
	bs, err := legacyBackends(spec.Backends, cfg.Legacy)
	if err != nil {
		return nil, err
	}
	s.backends = bs
	return s, nil
}

// ServeHTTP answers one request as the deployed API would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	origin := r.Header.Get("Origin")
	// The caller's request id when well-formed, else a new one, as API
	// Gateway does; a malformed traceparent is not passed on.
	gatewayID := requestID()
	id := s.api.RequestID(r.Header.Get(s.api.RequestIDHeader), gatewayID)
	r.Header.Set(s.api.RequestIDHeader, id)
	if tp := r.Header.Get(s.api.TraceparentHeader); tp != "" && !s.api.ValidTraceparent(tp) {
		r.Header.Del(s.api.TraceparentHeader)
	}
	rec := &recorder{ResponseWriter: w, id: id, idHeader: s.api.RequestIDHeader, before: func(h http.Header) { s.finishHeaders(h, origin) }}
	idx, vals, _ := match(s.spec.Operations, r.Method, r.URL.EscapedPath())
	var op *Operation
	if idx >= 0 {
		op = &s.spec.Operations[idx]
	}
	var claims map[string]any
	served := false // the function answered, and logged the request itself
	defer func() {
		if served && s.cfg.Auth != AuthOff {
			return
		}
		s.logRequest(rec, r, op, id, claims, time.Since(start))
	}()
	if idx < 0 && s.isPreflight(r) {
		if c := preflightRoute(s.spec.Operations, r.URL.EscapedPath()); c != nil {
			preflight(rec, c)
			return
		}
	}
	// A gateway never lets callers choose the identity a backend trusts,
	// whatever the spelling.
	stripIdentity(r.Header)
	// A query string that does not parse is refused whole, for served and
	// legacy routes alike, as the function refuses it: the events and the
	// proxy would otherwise drop or pass on pairs no check saw.
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		problem(http.StatusBadRequest, "the query string is malformed", "").write(rec)
		return
	}
	claims, rep := s.authenticate(r, op)
	if rep != nil {
		claims = nil
		rep.write(rec)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(s.api.MaxBodyBytes)+1))
	if err != nil {
		problem(http.StatusBadRequest, "the request body could not be read", "").write(rec)
		return
	}
	ev := eventInput{r: r, op: op, vals: vals, body: body, claims: claims, requestID: gatewayID}
	if op != nil && op.Legacy != nil {
		// Everything the spec says is checked before a backend sees the request.
		stop, err := s.checkLegacy(ev)
		if err != nil {
			rec.err = err.Error()
			problem(http.StatusBadGateway, "the request could not be checked; see the log", "").write(rec)
			return
		}
		if stop != nil {
			stop.write(rec)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.proxy(rec, r, op, vals, claims)
		return
	}
	res, err := s.fn(r.Context(), ev)
	served = err == nil
	if err != nil {
		rec.err = err.Error()
		problem(http.StatusBadGateway, "the function failed; see the log", "").write(rec)
		return
	}
	res.write(rec)
}

// logRequest writes the request's line in the function's shape: id,
// operation, method, route template (never the raw path), status,
// duration and the caller; never a token, a cookie, a query or a body.
func (s *Server) logRequest(rec *recorder, r *http.Request, op *Operation, id string, claims map[string]any, d time.Duration) {
	attrs := []slog.Attr{slog.String("requestId", id)}
	if op != nil {
		attrs = append(attrs, slog.String("operation", op.ID), slog.String("method", op.Method), slog.String("route", op.Template))
	} else {
		attrs = append(attrs, slog.String("method", r.Method))
	}
	attrs = append(attrs, slog.Int("status", rec.code()), slog.Float64("durationMs", float64(d.Microseconds())/1000))
	if sub, _ := claims["sub"].(string); sub != "" {
		attrs = append(attrs, slog.String("sub", sub))
	}
	if cid, _ := claims["client_id"].(string); cid != "" {
		attrs = append(attrs, slog.String("clientId", cid))
	}
	if rec.err != "" {
		attrs = append(attrs, slog.String("error", rec.err))
	}
	level := slog.LevelInfo
	if rec.code() >= 500 {
		level = slog.LevelError
	}
	if s.cfg.Auth == AuthOff {
		level = max(level, slog.LevelWarn)
		attrs = append(attrs, slog.String("auth", "off: no token was checked"))
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// authenticate checks the caller as the authorizer would and returns the
// claims the event carries, or the answer that stops the request. A
// request to the function without a token goes on without claims: the
// function answers 401 itself, as it does behind the gateway. The function
// also checks the scopes; the server checks them for legacy operations.
func (s *Server) authenticate(r *http.Request, op *Operation) (map[string]any, *reply) {
	if op == nil || !op.Token {
		return nil, nil
	}
	if s.cfg.Auth == AuthOff {
		scope := ""
		if len(op.Scopes) > 0 {
			scope = strings.Join(op.Scopes[0], " ")
		}
		return map[string]any{"sub": s.cfg.Subject, "username": s.cfg.Subject, "token_use": "access", "scope": scope}, nil
	}
	tok := bearer(r)
	if tok == "" {
		if op.Legacy == nil {
			return nil, nil
		}
		rep := problem(http.StatusUnauthorized, "this operation needs a bearer token", "")
		rep.header.Set("WWW-Authenticate", s.api.BearerChallenge("", nil))
		return nil, &rep
	}
	claims, err := s.verifier.verify(tok)
	if err != nil {
		return nil, s.invalidToken(err.Error())
	}
	use, _ := claims["token_use"].(string)
	switch {
	case use != "access" && use != "id":
		return nil, s.invalidToken("the token's token_use is neither access nor id")
	case use != "access" && len(op.Scopes) > 0:
		return nil, s.invalidToken("this operation needs an access token, not an ID token")
	}
	if len(s.cfg.Audience) > 0 {
		aud, _ := claims["client_id"].(string)
		if use == "id" {
			aud = audience(claims["aud"], s.cfg.Audience)
		}
		if !contains(s.cfg.Audience, aud) {
			return nil, s.invalidToken("the token is for another app client")
		}
	}
	if closest, missing := lacking(s.api.ScopeClaim(claims["scope"]), op.Scopes); op.Legacy != nil && closest != nil {
		rep := problem(http.StatusForbidden, s.api.MissingScopesDetail(missing), "")
		rep.header.Set("WWW-Authenticate", s.api.BearerChallenge("insufficient_scope", closest))
		return nil, &rep
	}
	return claims, nil
}

// bearer returns the token of the Authorization header ("Bearer TOKEN", or
// the bare token the Cognito authorizer also accepts).
func bearer(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if scheme, tok, ok := strings.Cut(h, " "); ok {
		if !strings.EqualFold(scheme, "Bearer") {
			return ""
		}
		return strings.TrimSpace(tok)
	}
	return h
}

func (s *Server) invalidToken(detail string) *reply {
	rep := problem(http.StatusUnauthorized, detail, "")
	rep.header.Set("WWW-Authenticate", s.api.BearerChallenge("invalid_token", nil))
	return &rep
}

// audience returns the first of the token's aud values that is in want.
func audience(aud any, want []string) string {
	switch a := aud.(type) {
	case string:
		return a
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && contains(want, s) {
				return s
			}
		}
	}
	return ""
}

// lacking returns nil when the scopes a token has (its scope claim read
// by API.ScopeClaim, as the function reads it) hold every scope of one
// alternative; else the alternative with the fewest missing scopes, and
// those, as the function names them in its 403.
func lacking(have []string, alts [][]string) (closest, missing []string) {
	for _, alt := range alts {
		var lack []string
		for _, s := range alt {
			if !contains(have, s) {
				lack = append(lack, s)
			}
		}
		if len(lack) == 0 {
			return nil, nil
		}
		if closest == nil || len(lack) < len(missing) {
			closest, missing = alt, lack
		}
	}
	return closest, missing
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isPreflight reports whether r is a browser's CORS preflight request.
func (s *Server) isPreflight(r *http.Request) bool {
	return len(s.spec.CORSOrigins) > 0 && r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

// preflight answers a CORS preflight as the gateway does: 204 with the
// path's methods and headers; Access-Control-Allow-Origin only for an
// allowed origin (added by applyCORS as the answer is written).
func preflight(w http.ResponseWriter, c *CORSRoute) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", c.Methods)
	h.Set("Access-Control-Allow-Headers", c.Headers)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
}

// finishHeaders completes every answer's headers as the function does:
// X-Content-Type-Options: nosniff (a secure default, on the server's own
// answers and a backend's too) and CORS.
func (s *Server) finishHeaders(h http.Header, origin string) {
	h.Set("X-Content-Type-Options", "nosniff")
	s.applyCORS(h, origin)
}

// applyCORS gives an answer the CORS headers of the deployed API: Vary:
// Origin on every answer, and Access-Control-Allow-Origin only when the
// caller's origin is a configured one (a backend's own value is replaced).
func (s *Server) applyCORS(h http.Header, origin string) {
	if len(s.spec.CORSOrigins) == 0 {
		return
	}
	h.Del("Access-Control-Allow-Origin")
	if !varyHasOrigin(h.Values("Vary")) {
		h.Add("Vary", "Origin")
	}
	if origin != "" && contains(s.spec.CORSOrigins, origin) {
		h.Set("Access-Control-Allow-Origin", origin)
	}
}

func varyHasOrigin(values []string) bool {
	for _, v := range values {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, "Origin") {
				return true
			}
		}
	}
	return false
}

// reply is an answer to write.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (rep reply) write(w http.ResponseWriter) {
	for k, vs := range rep.header {
		w.Header().Del(k)
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(rep.status)
	w.Write(rep.body) //nolint:errcheck // the client went away
}

// problem is an RFC 9457 problem details answer, shaped like the function's.
func problem(status int, detail, typ string) reply {
	if typ == "" {
		typ = "about:blank"
	}
	b, _ := json.Marshal(struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail,omitempty"`
	}{typ, http.StatusText(status), status, detail})
	return reply{status: status, header: http.Header{"Content-Type": {"application/problem+json"}}, body: b}
}

// recorder remembers the status written and what went wrong, for the log
// line, and lets before finish the headers of whatever answer is written.
type recorder struct {
	http.ResponseWriter
	before   func(http.Header) // called once, just before the status is written
	status   int
	err      string
	id       string // the request id every answer carries
	idHeader string // the header carrying it
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
		if r.before != nil {
			r.before(r.ResponseWriter.Header())
		}
		// Every answer carries the request's id, whatever a backend says.
		r.Header().Set(r.idHeader, r.id)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// Unwrap lets http.ResponseController reach the connection (flushes while proxying).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func requestID() string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck // never fails
	return hex.EncodeToString(b[:])
}

// Serve answers requests on ln until ctx is done, then shuts down.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

// Main runs the command line of cmd/local and returns its exit code:
//
//	local [flags]                      serve on 127.0.0.1:8080
//	local token [--scope S]... [flags] print a token signed by the dev key
//
// newFunction builds the service's function; only serving calls it.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, spec *Spec, newFunction func() (Function, error)) int {
	if len(args) > 0 && args[0] == "token" {
		return tokenCommand(spec, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return def
	}
	addr := fs.String("addr", env("SPECGATE_ADDR", "127.0.0.1:8080"), "`host:port` to listen on (env SPECGATE_ADDR); port 0 picks a free one")
	var cfg Config
	fs.StringVar(&cfg.Auth, "auth", env("SPECGATE_AUTH", AuthDev), "token checks: cognito (a user pool's JWKS), dev (the local key pair) or off (env SPECGATE_AUTH)")
	fs.StringVar(&cfg.Issuer, "issuer", env("SPECGATE_ISSUER", spec.DefaultIssuer), "cognito: the user pool's issuer `URL` (env SPECGATE_ISSUER)")
	fs.StringVar(&cfg.JWKSURL, "jwks-url", env("SPECGATE_JWKS_URL", ""), "cognito: the JWKS `URL` (env SPECGATE_JWKS_URL; default ISSUER/.well-known/jwks.json)")
	audience := fs.String("audience", env("SPECGATE_AUDIENCE", ""), "comma-separated app client `IDs` a token must be for (env SPECGATE_AUDIENCE; default any)")
	fs.StringVar(&cfg.KeyFile, "key", DevKeyFile, "dev: the key pair `file` (created when missing)")
	fs.StringVar(&cfg.Subject, "sub", "local-user", "off: the `subject` every request runs as")
	legacy := listFlag{}
	if v := os.Getenv("SPECGATE_LEGACY"); v != "" {
		legacy = strings.Split(v, ",")
	}
	fs.Var(&legacy, "legacy", "`NAME=URL`: send a legacy backend (by name or host) to URL, such as a local stub; repeatable (env SPECGATE_LEGACY, comma-separated)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/local [flags]\n       go run ./cmd/local token [--scope SCOPE]... [--sub SUBJECT]\n\nRuns %s on this machine behind a local API Gateway.\n\nFlags:\n", spec.Name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "local: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *audience != "" {
		cfg.Audience = strings.Split(*audience, ",")
	}
	cfg.Legacy = map[string]string{}
	for _, l := range legacy {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" {
			fmt.Fprintf(stderr, "local: --legacy %q: write NAME=URL, such as LegacyPricingURL=http://127.0.0.1:9000\n", l)
			return 2
		}
		cfg.Legacy[k] = v
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(stderr, nil))
	fn, err := newFunction()
	if err != nil {
		fmt.Fprintf(stderr, "local: start %s: %v\n", spec.Name, err)
		return 1
	}
	s, err := New(ctx, cfg, spec, fn)
	if err != nil {
		fmt.Fprintf(stderr, "local: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "local: %v\n", err)
		return 2
	}
	if host, _, _ := net.SplitHostPort(*addr); host != "127.0.0.1" && host != "localhost" && host != "::1" {
		cfg.Logger.Warn("listening beyond this machine: anyone who reaches this address can call the service", "addr", *addr)
	}
	cfg.Logger.Info("listening", "url", "http://"+ln.Addr().String(), "auth", cfg.Auth)
	if err := s.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "local: %v\n", err)
		return 1
	}
	return 0
}

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
