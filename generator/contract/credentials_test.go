package contract

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCredentialsStayWithTheTarget: a target's redirect is the answer the
// case judges; neither the token nor the client secret follows it to
// another host or port.
func TestCredentialsStayWithTheTarget(t *testing.T) {
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
	}))
	t.Cleanup(elsewhere.Close)
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)

	target, stop, err := Open(context.Background(), Setup{Target: redirect.URL, Token: "SECRET-TOKEN"})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := target.Do(context.Background(), Request{Method: "GET", Path: "/orders/1", Auth: Auth{Token: true}})
	if err != nil || res.Status != http.StatusTemporaryRedirect || leaked.Load() != 0 {
		t.Fatalf("status %d, err %v, token sent elsewhere %d times; want the 307 and none", res.Status, err, leaked.Load())
	}
	cc := &ClientCredentials{TokenURL: redirect.URL + "/oauth2/token", ClientID: "id", ClientSecret: "TOPSECRET"}
	if _, err := cc.Token(context.Background(), Auth{Token: true}); err == nil || leaked.Load() != 0 {
		t.Fatalf("err %v, secret sent elsewhere %d times; want an error and none", err, leaked.Load())
	}
}

// TestCredentialsNotInClear: a token or client secret goes over https, or
// over http to this machine only.
func TestCredentialsNotInClear(t *testing.T) {
	for _, tc := range []struct {
		setup Setup
		want  string // in the error; "" means accepted
	}{
		{Setup{Target: "http://api.example.com/prod", Token: "t"}, "--target"},
		{Setup{Target: "https://api.example.com/prod", TokenURL: "http://192.0.2.2/oauth2/token", ClientID: "c", ClientSecret: "s"}, "--token-url"},
		{Setup{Target: "http://api.example.com/prod"}, ""},
		{Setup{Target: "https://api.example.com/prod", Token: "t"}, ""},
		{Setup{Target: "http://127.0.0.1:8080", TokenURL: "http://localhost:9000/oauth2/token", ClientID: "c", ClientSecret: "s"}, ""},
		{Setup{Target: "http://[::1]:8080", Token: "t"}, ""},
	} {
		_, stop, err := Open(context.Background(), tc.setup)
		if stop != nil {
			stop()
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.setup, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "https")):
			t.Errorf("%+v: err %v, want a refusal naming %s and https", tc.setup, err, tc.want)
		}
	}
}
