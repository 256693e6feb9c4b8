package localrt

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// DevKeyFile is where dev mode keeps its key pair, relative to the
// project's root; the project's .gitignore keeps it out of git.
const DevKeyFile = ".specgate/dev-key.json"

// standardScopes are Cognito's built-in scopes, never under a resource server.
var standardScopes = []string{"aws.cognito.signin.user.admin", "email", "openid", "phone", "profile"}

// verifier checks RS256 tokens: signature against a JWKS, issuer, expiry.
type verifier struct {
	keys   jwt.Keyfunc
	parser *jwt.Parser
}

func newVerifier(ctx context.Context, cfg Config, devIssuer string) (*verifier, error) {
	var keys keyfunc.Keyfunc
	issuer := cfg.Issuer
	switch cfg.Auth {
	case AuthCognito:
		if issuer == "" {
			return nil, errors.New("--auth cognito needs --issuer https://cognito-idp.REGION.amazonaws.com/POOL_ID (the user pool's issuer; env SPECGATE_ISSUER)")
		}
		jwks := cfg.JWKSURL
		if jwks == "" {
			jwks = strings.TrimSuffix(issuer, "/") + "/.well-known/jwks.json"
		}
		failFirst := false
		k, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{jwks}, keyfunc.Override{NoErrorReturnFirstHTTPReq: &failFirst, HTTPTimeout: 10 * time.Second})
		if err != nil {
			return nil, fmt.Errorf("fetch the JWKS %s: %v (check --jwks-url or --issuer)", jwks, err)
		}
		keys = k
	case AuthDev:
		jwk, err := devKey(cfg.KeyFile)
		if err != nil {
			return nil, err
		}
		store := jwkset.NewMemoryStorage()
		if err := store.KeyWrite(ctx, jwk); err != nil {
			return nil, fmt.Errorf("dev key %s: %v", cfg.KeyFile, err)
		}
		if keys, err = keyfunc.New(keyfunc.Options{Ctx: ctx, Storage: store}); err != nil {
			return nil, fmt.Errorf("dev key %s: %v", cfg.KeyFile, err)
		}
		// Dev tokens are the dev key's (local token signs them as devIssuer):
		// --issuer names a user pool's, for --auth cognito only.
		issuer = devIssuer
	}
	return &verifier{keys: keys.Keyfunc, parser: jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(issuer), jwt.WithExpirationRequired(),
	)}, nil
}

// verify returns a valid token's claims, or why it is not valid, in words
// that reveal nothing of the token.
func (v *verifier) verify(tok string) (map[string]any, error) {
	claims := jwt.MapClaims{}
	if _, err := v.parser.ParseWithClaims(tok, claims, v.keys); err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenMalformed):
			return nil, errors.New("the bearer token is not a JWT")
		case errors.Is(err, jwt.ErrTokenUnverifiable), errors.Is(err, jwt.ErrTokenSignatureInvalid):
			return nil, errors.New("the token's signature does not verify against the trusted keys")
		case errors.Is(err, jwt.ErrTokenExpired):
			return nil, errors.New("the token has expired")
		case errors.Is(err, jwt.ErrTokenInvalidIssuer):
			return nil, errors.New("the token is from another issuer")
		case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
			return nil, errors.New("the token has no expiry")
		case errors.Is(err, jwt.ErrTokenNotValidYet):
			return nil, errors.New("the token is not valid yet")
		}
		return nil, errors.New("the token is not valid")
	}
	return claims, nil
}

// devKey loads the dev key pair, creating it (RSA 2048, mode 0600) when
// the file does not exist.
func devKey(path string) (jwkset.JWK, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createDevKey(path)
	}
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	jwk, err := jwkset.NewJWKFromRawJSON(raw, jwkset.JWKMarshalOptions{Private: true}, jwkset.JWKValidateOptions{})
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key %s: %v (delete it to make a new one)", path, err)
	}
	if _, ok := jwk.Key().(*rsa.PrivateKey); !ok {
		return jwkset.JWK{}, fmt.Errorf("dev key %s: not an RSA private key (delete it to make a new one)", path)
	}
	return jwk, nil
}

func createDevKey(path string) (jwkset.JWK, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	var kid [8]byte
	rand.Read(kid[:]) //nolint:errcheck // never fails
	jwk, err := jwkset.NewJWKFromKey(key, jwkset.JWKOptions{
		Marshal:  jwkset.JWKMarshalOptions{Private: true},
		Metadata: jwkset.JWKMetadataOptions{ALG: jwkset.AlgRS256, KID: "dev-" + hex.EncodeToString(kid[:]), USE: jwkset.UseSig},
	})
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	data, err := json.MarshalIndent(jwk.Marshal(), "", "  ")
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return devKey(path) // made meanwhile by another process
	}
	if err != nil {
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		os.Remove(path)
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return jwkset.JWK{}, fmt.Errorf("dev key: %v", err)
	}
	return jwk, nil
}

// cognitoScope is the name a token carries for a spec scope.
func cognitoScope(resourceServer, s string) string {
	if contains(standardScopes, s) || strings.HasPrefix(s, resourceServer+"/") {
		return s
	}
	return resourceServer + "/" + s
}

// tokenCommand prints a token the dev key signs, shaped like a Cognito
// access token (or ID token with --id).
func tokenCommand(spec *Spec, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("local token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var scopes listFlag
	fs.Var(&scopes, "scope", "a `scope` the token carries, as the spec names it (orders/read) or in full; repeatable, or space-separated")
	sub := fs.String("sub", "local-user", "the token's `subject` (sub and username)")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	id := fs.Bool("id", false, "mint an ID token (token_use id) instead of an access token")
	client := fs.String("client-id", "local", "the app client `ID` (client_id; aud of an ID token)")
	keyFile := fs.String("key", DevKeyFile, "the dev key pair `file` (created when missing)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/local token [--scope SCOPE]... [--sub SUBJECT]\n\nPrints a token for `go run ./cmd/local --auth dev` (the default).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "local token: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	jwk, err := devKey(*keyFile)
	if err != nil {
		fmt.Fprintf(stderr, "local token: %v\n", err)
		return 1
	}
	var full []string
	for _, s := range scopes {
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
			full = append(full, cognitoScope(spec.ResourceServer, f))
		}
	}
	now := time.Now()
	var jti [16]byte
	rand.Read(jti[:]) //nolint:errcheck // never fails
	claims := jwt.MapClaims{
		"sub": *sub, "iss": spec.DevIssuer, "iat": now.Unix(), "auth_time": now.Unix(), "exp": now.Add(*ttl).Unix(),
		"jti": hex.EncodeToString(jti[:]),
	}
	if *id {
		claims["token_use"], claims["aud"], claims["cognito:username"] = "id", *client, *sub
		if len(full) > 0 {
			fmt.Fprintln(stderr, "local token: an ID token carries no scopes; --scope is ignored")
		}
	} else {
		claims["token_use"], claims["client_id"], claims["username"], claims["version"] = "access", *client, *sub, 2
		if len(full) > 0 {
			claims["scope"] = strings.Join(full, " ")
		}
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = jwk.Marshal().KID
	signed, err := t.SignedString(jwk.Key())
	if err != nil {
		fmt.Fprintf(stderr, "local token: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, signed)
	return 0
}
