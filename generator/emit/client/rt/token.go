package rt

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// ClientCredentials is a machine client of a Cognito user pool (or any
// OAuth 2.0 server) that fetches its own access tokens with the client
// credentials grant. Printing it (%v, %+v, %#v) never shows the secret.
type ClientCredentials struct {
	TokenURL     string   // https://DOMAIN.auth.REGION.amazoncognito.com/oauth2/token
	ClientID     string   // the app client's id
	ClientSecret string   // the app client's secret: keep it in a secret store, not in code
	Scopes       []string // the scopes to ask for, as Cognito names them: "RESOURCE-SERVER/orders/read"
}

// String prints the credentials without the secret.
func (cc ClientCredentials) String() string {
	return fmt.Sprintf("ClientCredentials{TokenURL: %s, ClientID: %s, ClientSecret: [redacted], Scopes: %v}", cc.TokenURL, cc.ClientID, cc.Scopes)
}

// GoString is String, so that %#v prints no secret either.
func (cc ClientCredentials) GoString() string { return cc.String() }

// tokenEarly is how long before its expiry a cached token is replaced, so
// that a token is not sent to die on the way.
const tokenEarly = time.Minute

// WithClientCredentials fetches access tokens from cc.TokenURL with the
// client credentials grant and sends them with every request. A token is
// cached and reused until shortly before it expires; concurrent calls wait
// for one fetch instead of each fetching. Token requests go through the
// client's HTTP client (WithHTTPClient, in any order) with a 10 s limit.
func WithClientCredentials(cc ClientCredentials) Option {
	return func(c *Client) error {
		u, err := url.Parse(cc.TokenURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
			return fmt.Errorf("WithClientCredentials: token URL %q: want an https URL (http only for localhost)", cc.TokenURL)
		}
		if cc.ClientID == "" || cc.ClientSecret == "" {
			return errors.New("WithClientCredentials: the client id and secret are both required")
		}
		cfg := &clientcredentials.Config{ClientID: cc.ClientID, ClientSecret: cc.ClientSecret, TokenURL: cc.TokenURL,
			Scopes: append([]string(nil), cc.Scopes...), AuthStyle: oauth2.AuthStyleInHeader}
		c.tokens = oauth2.ReuseTokenSourceWithExpiry(nil, &fetcher{cfg: cfg, client: c}, tokenEarly)
		return nil
	}
}

// fetcher asks the token endpoint for a new token each time; the
// oauth2.ReuseTokenSource around it caches, and serialises fetches.
type fetcher struct {
	cfg    *clientcredentials.Config
	client *Client // for its HTTP client, read when fetching
}

func (f *fetcher) Token() (*oauth2.Token, error) {
	hc := *f.client.http
	hc.Timeout = 10 * time.Second
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, &hc), hc.Timeout)
	defer cancel()
	return f.cfg.Token(ctx)
}

// String keeps the secret out of anything that prints the client's parts.
func (f *fetcher) String() string { return "client credentials for " + f.cfg.ClientID }

// GoString is String.
func (f *fetcher) GoString() string { return f.String() }

// tokenError is a failure to obtain a token: not retried.
type tokenError struct{ err error }

func (e *tokenError) Error() string { return "get an access token: " + e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
