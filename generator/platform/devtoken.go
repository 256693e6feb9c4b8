package platform

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DevKeyFile is where the platform's dev key pair is kept, relative to the
// platform file's directory; keep it out of git.
const DevKeyFile = ".specgate/platform-dev-key.pem"

// DevIssuer is the issuer of the platform's dev tokens: one for every service.
func (p *Platform) DevIssuer() string { return "https://specgate.localhost/platform/" + p.Name }

// DevKey is the platform's local signing key (RSA 2048), for platform serve
// and platform token only: never for a deployed service.
type DevKey struct {
	key *rsa.PrivateKey
	kid string
}

// LoadDevKey reads the dev key at path, creating it (mode 0600) when missing.
func LoadDevKey(path string) (*DevKey, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("dev key: %v", err)
		}
		data := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("dev key: %v", err)
		}
		return newDevKey(k), nil
	}
	if err != nil {
		return nil, fmt.Errorf("dev key: %v", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		return nil, fmt.Errorf("dev key %s: not a PEM file (delete it to make a new one)", path)
	}
	k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("dev key %s: %v (delete it to make a new one)", path, err)
	}
	return newDevKey(k), nil
}

func newDevKey(k *rsa.PrivateKey) *DevKey {
	sum := sha256.Sum256(x509.MarshalPKCS1PublicKey(&k.PublicKey))
	return &DevKey{key: k, kid: hex.EncodeToString(sum[:8])}
}

var b64 = base64.RawURLEncoding

// JWKS is the public key as a JSON Web Key Set.
func (k *DevKey) JWKS() []byte {
	e := big.NewInt(int64(k.key.PublicKey.E)).Bytes()
	data, _ := json.Marshal(map[string]any{"keys": []any{map[string]string{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": k.kid,
		"n": b64.EncodeToString(k.key.PublicKey.N.Bytes()), "e": b64.EncodeToString(e),
	}}})
	return data
}

// Token mints an RS256 access token shaped like Cognito's, for client
// (its client_id) with scopes (full names), subject sub, valid for ttl.
func (p *Platform) Token(k *DevKey, client, sub string, scopes []string, ttl time.Duration) (string, error) {
	now := time.Now()
	var jti [16]byte
	rand.Read(jti[:]) //nolint:errcheck // never fails
	claims := map[string]any{
		"iss": p.DevIssuer(), "sub": sub, "username": sub, "client_id": client, "token_use": "access", "version": 2,
		"iat": now.Unix(), "auth_time": now.Unix(), "exp": now.Add(ttl).Unix(), "jti": hex.EncodeToString(jti[:]),
	}
	if len(scopes) > 0 {
		claims["scope"] = strings.Join(scopes, " ")
	}
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": k.kid})
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := b64.EncodeToString(header) + "." + b64.EncodeToString(body)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64.EncodeToString(sig), nil
}
