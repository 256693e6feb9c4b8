package rt

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// When no authorizer runs in front of the function (authorizer none, so
// Spec.VerifyToken is set), it verifies the bearer token the caller, or the
// gateway in front, forwards, as API Gateway's Cognito authorizer would. Identity headers are never
// trusted. The settings come from the environment (deploy/template.yaml
// sets them); without an issuer or client IDs every token is refused.
const (
	// EnvTokenIssuer is the issuer tokens must carry (iss):
	// https://cognito-idp.REGION.amazonaws.com/POOL_ID.
	EnvTokenIssuer = "SPECGATE_TOKEN_ISSUER"
	// EnvTokenClientIDs are the app client IDs tokens must be for
	// (client_id of an access token, aud of an ID token), comma-separated.
	// With an authorizer in front, when set, the function checks the
	// verified token's client too (authorizerAudience).
	EnvTokenClientIDs = "SPECGATE_TOKEN_CLIENT_IDS"
	// EnvJWKSURL overrides where the issuer's keys are fetched
	// (default: the issuer + /.well-known/jwks.json).
	EnvJWKSURL = "SPECGATE_JWKS_URL"
	// EnvTokenHeader names the header the token comes in instead of
	// Authorization: set when the gateway in front signs its requests
	// (AWS_IAM), so that Authorization holds the signature.
	EnvTokenHeader = "SPECGATE_TOKEN_HEADER"
)

const (
	clockLeeway    = 30 * time.Second // for exp and nbf
	jwksTimeout    = 5 * time.Second  // one JWKS fetch
	jwksMinRefresh = time.Minute      // tokens with unknown kids refetch the keys at most this often
	jwksRetry      = 10 * time.Second // after a failed first fetch, the next try waits this long
	jwksMaxBytes   = 1 << 20
	minRSABits     = 2048
)

// errTokenUnverifiable hides why the function could not check a token
// (its settings, the JWKS): the log says, the caller does not learn it.
var errTokenUnverifiable = errors.New("the token could not be verified")

// tokenVerifier holds the settings and the issuer's keys, loaded on the
// first token (nothing happens at init) and cached for the process. The
// settings are read once (settings); mu guards the keys.
type tokenVerifier struct {
	settings  sync.Once
	mu        sync.Mutex
	issuer    string
	clients   []string
	jwksURL   string
	header    string // where the token is: Authorization, or EnvTokenHeader's
	bad       string // why the settings are unusable
	keys      map[string]*rsa.PublicKey
	refetched time.Time // the last fetch a token with an unknown kid caused
	failed    time.Time // the last first fetch that failed
	client    *http.Client
}

var verifier tokenVerifier

// VerifyBearer verifies the request's bearer token: nil, nil when it
// carries none. It is Spec.VerifyToken of a function no authorizer fronts.
func VerifyBearer(h http.Header) (*Claims, error) {
	verifier.settings.Do(verifier.load)
	header := verifier.header
	if header != "Authorization" {
		h = http.Header{"Authorization": h.Values(header)}
	}
	tok, ok := bearerToken(h)
	if !ok {
		return nil, nil
	}
	m, err := verifier.verify(tok, time.Now())
	if err != nil {
		return nil, err
	}
	return claimsFromMap(m, nil), nil
}

// load reads the settings from the environment; run once, by settings.
func (v *tokenVerifier) load() {
	v.issuer = strings.TrimSuffix(strings.TrimSpace(os.Getenv(EnvTokenIssuer)), "/")
	v.clients = clientIDs(os.Getenv(EnvTokenClientIDs))
	v.jwksURL = strings.TrimSpace(os.Getenv(EnvJWKSURL))
	v.header = http.CanonicalHeaderKey(strings.TrimSpace(os.Getenv(EnvTokenHeader)))
	if v.header == "" {
		v.header = "Authorization"
	}
	if v.jwksURL == "" && v.issuer != "" {
		v.jwksURL = v.issuer + "/.well-known/jwks.json"
	}
	switch {
	case v.issuer == "":
		v.bad = EnvTokenIssuer + " is not set"
	case len(v.clients) == 0:
		v.bad = EnvTokenClientIDs + " is not set"
	case !secureURL(v.jwksURL):
		v.bad = "the JWKS URL " + v.jwksURL + " is not https"
	}
	if v.bad != "" {
		slog.Error("tokens cannot be verified; every request that needs one is refused", "reason", v.bad)
	}
	v.client = &http.Client{Timeout: jwksTimeout}
}

// secureURL reports whether keys may be fetched from u: https, or http to
// this machine (tests, a sidecar).
func secureURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	if p.Scheme == "https" {
		return true
	}
	host := p.Hostname()
	ip := net.ParseIP(host)
	return p.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}

// verify checks an RS256 JWT: signature against the issuer's keys, issuer,
// expiry and not-before (with a small leeway), token_use and app client.
// Errors say what is wrong in words that reveal nothing of the token.
func (v *tokenVerifier) verify(tok string, now time.Time) (map[string]any, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errors.New("the bearer token is not a JWT")
	}
	var head struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &head); err != nil {
		return nil, errors.New("the bearer token is not a JWT")
	}
	claims := map[string]any{}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, errors.New("the bearer token is not a JWT")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || head.Alg != "RS256" || head.Kid == "" {
		return nil, errors.New("the token's signature does not verify against the trusted keys")
	}
	key, err := v.key(head.Kid, now)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if key == nil || rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig) != nil {
		return nil, errors.New("the token's signature does not verify against the trusted keys")
	}
	if iss, _ := claims["iss"].(string); iss != v.issuer {
		return nil, errors.New("the token is from another issuer")
	}
	exp, ok := numericClaim(claims["exp"])
	if !ok {
		return nil, errors.New("the token has no expiry")
	}
	if now.After(time.Unix(exp, 0).Add(clockLeeway)) {
		return nil, errors.New("the token has expired")
	}
	if _, present := claims["nbf"]; present {
		nbf, ok := numericClaim(claims["nbf"])
		if !ok || now.Before(time.Unix(nbf, 0).Add(-clockLeeway)) {
			return nil, errors.New("the token is not valid yet")
		}
	}
	var client string
	switch use, _ := claims["token_use"].(string); use {
	case "access":
		client, _ = claims["client_id"].(string)
	case "id":
		client = audienceOf(claims["aud"], v.clients)
	default:
		return nil, errors.New("the token's token_use is neither access nor id")
	}
	if !containsString(v.clients, client) {
		return nil, errForeignClient
	}
	return claims, nil
}

// key returns the issuer's key kid names, fetching the keys on first use
// and again when a token names a key not seen yet (the issuer rotated its
// keys), at most once a minute so that made-up kids cannot flood the issuer.
func (v *tokenVerifier) key(kid string, now time.Time) (*rsa.PublicKey, error) {
	v.settings.Do(v.load)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.bad != "" {
		return nil, errTokenUnverifiable
	}
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	if v.keys == nil && !v.failed.IsZero() && now.Sub(v.failed) < jwksRetry {
		return nil, errTokenUnverifiable
	}
	if v.keys != nil {
		if !v.refetched.IsZero() && now.Sub(v.refetched) < jwksMinRefresh {
			return nil, nil
		}
		v.refetched = now
	}
	keys, err := v.fetch()
	if err != nil {
		slog.Error("fetch the token issuer's keys", "url", v.jwksURL, "error", err)
		if v.keys == nil {
			v.failed = now
			return nil, errTokenUnverifiable
		}
	} else {
		v.keys = keys
	}
	return v.keys[kid], nil
}

// fetch reads the JWKS: RSA signing keys of at least 2048 bits.
func (v *tokenVerifier) fetch() (map[string]*rsa.PublicKey, error) {
	res, err := v.client.Get(v.jwksURL)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", res.StatusCode)
	}
	var set struct {
		Keys []struct {
			Kty, Kid, Use, Alg, N, E string
		} `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, jwksMaxBytes)).Decode(&set); err != nil {
		return nil, fmt.Errorf("not a JWKS: %v", err)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		n, errN := base64.RawURLEncoding.DecodeString(k.N)
		e, errE := base64.RawURLEncoding.DecodeString(k.E)
		if errN != nil || errE != nil || len(e) == 0 || len(e) > 4 {
			continue
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if pub.N.BitLen() < minRSABits || pub.E < 3 {
			continue
		}
		keys[k.Kid] = pub
	}
	return keys, nil
}

// decodeSegment decodes one base64url JSON part of a JWT, numbers as json.Number.
func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data")
	}
	return nil
}

// numericClaim reads a NumericDate claim (seconds).
func numericClaim(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	f, err := n.Float64()
	return int64(f), err == nil
}

// audienceOf returns the first of an aud claim's values that is in want.
func audienceOf(aud any, want []string) string {
	switch a := aud.(type) {
	case string:
		return a
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && containsString(want, s) {
				return s
			}
		}
	}
	return ""
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
