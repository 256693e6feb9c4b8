// A union with a {type: "null"} alternative (which oapi-codegen gives no
// accessor): the other accessors still decode with their own schema's
// decoder. Dropped into the api package of a project generated from
// nullalt.yaml (module example.com/nullaltsvc) by generator/trust_test.go.
package api_test

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/nullaltsvc/api"
)

type nonceRecorder struct {
	api.Handler
	req *api.CreateThingRequest
}

func (r *nonceRecorder) CreateThing(_ context.Context, req *api.CreateThingRequest) (api.CreateThingResponse, error) {
	r.req = req
	return api.CreateThing204(), nil
}

// TestNullAlternativeUnionChecked: nonce is an integer of at most 10, or
// of at least 100, or null. 150 is valid only as alternative 1, so
// AsCreateThingBodyNonce0 must fail (encoding/json would return 150).
func TestNullAlternativeUnionChecked(t *testing.T) {
	for _, c := range []struct {
		body     string
		status   int
		ok0, ok1 bool
		want0    int
		want1    int
	}{
		{`{"nonce":150}`, 204, false, true, 0, 150},
		{`{"nonce":7}`, 204, true, false, 7, 0},
		{`{"nonce":50}`, 400, false, false, 0, 0},
		{`{"nonce":"x"}`, 400, false, false, 0, 0},
	} {
		h := &nonceRecorder{}
		e := events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/things", Body: c.body,
			Headers: map[string]string{"Content-Type": "application/json"}}
		res, err := api.NewRESTHandler(h)(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.body, res.StatusCode, c.status)
			continue
		}
		if c.status != 204 {
			if h.req != nil {
				t.Errorf("%s reached the handler", c.body)
			}
			continue
		}
		n0, err0 := h.req.Body.Nonce.AsCreateThingBodyNonce0()
		if (err0 == nil) != c.ok0 || c.ok0 && n0 != c.want0 {
			t.Errorf("%s: AsCreateThingBodyNonce0 = %v, %v", c.body, n0, err0)
		}
		n1, err1 := h.req.Body.Nonce.AsCreateThingBodyNonce1()
		if (err1 == nil) != c.ok1 || c.ok1 && n1 != c.want1 {
			t.Errorf("%s: AsCreateThingBodyNonce1 = %v, %v", c.body, n1, err1)
		}
	}
}
