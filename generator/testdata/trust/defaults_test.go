// Parameter defaults: dropped into the api package of a project generated
// from defaults.yaml (module example.com/defaultssvc) by
// generator/trust_test.go (TestHandlerSeesOnlyCheckedValues).
package api_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/defaultssvc/api"
)

type recorder struct {
	api.Handler
	req *api.GetThingRequest
}

func (r *recorder) GetThing(_ context.Context, req *api.GetThingRequest) (api.GetThingResponse, error) {
	r.req = req
	return api.GetThingResponse{}, errors.New("recorded")
}

func get(t *testing.T, query map[string][]string, headers map[string]string) *api.GetThingRequest {
	t.Helper()
	h := &recorder{}
	e := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/things/7", PathParameters: map[string]string{"id": "7"},
		MultiValueQueryStringParameters: query, Headers: headers}
	res, err := api.NewRESTHandler(h)(context.Background(), e)
	if err != nil || h.req == nil {
		t.Fatalf("the request did not reach the handler: %v %d %s", err, res.StatusCode, res.Body)
	}
	return h.req
}

// TestParameterDefaultsTyped: every absent optional parameter (query,
// header, cookie; scalar, array, object, JSON content) holds its default,
// typed; sent values win.
func TestParameterDefaultsTyped(t *testing.T) {
	r := get(t, nil, nil)
	if r.ID != 7 {
		t.Errorf("Id = %d", r.ID)
	}
	if r.Limit == nil || *r.Limit != 20 {
		t.Errorf("Limit = %v, want 20", r.Limit)
	}
	if r.Ratio == nil || *r.Ratio != 0.25 {
		t.Errorf("Ratio = %v, want 0.25", r.Ratio)
	}
	if r.XMode == nil || *r.XMode != "slow" {
		t.Errorf("XMode = %v, want slow", r.XMode)
	}
	if r.Verbose == nil || !*r.Verbose {
		t.Errorf("Verbose = %v, want true", r.Verbose)
	}
	if !reflect.DeepEqual(r.Tags, []string{"a", "b"}) {
		t.Errorf("Tags = %#v, want [a b]", r.Tags)
	}
	if r.Filter == nil || *r.Filter != `{"color":"red"}` {
		t.Errorf("Filter = %v, want {\"color\":\"red\"}", r.Filter)
	}
	if r.Meta == nil || *r.Meta != `{"k":"v"}` {
		t.Errorf("Meta = %v, want {\"k\":\"v\"}", r.Meta)
	}

	r = get(t, map[string][]string{"limit": {"5"}, "tags": {"x"}, "filter": {"color,blue"}, "meta": {`{"k":"w"}`}},
		map[string]string{"X-Mode": "fast", "Cookie": "verbose=false"})
	if r.Limit == nil || *r.Limit != 5 || r.XMode == nil || *r.XMode != "fast" || r.Verbose == nil || *r.Verbose ||
		!reflect.DeepEqual(r.Tags, []string{"x"}) || r.Filter == nil || *r.Filter != `{"color":"blue"}` || r.Meta == nil || *r.Meta != `{"k":"w"}` {
		t.Errorf("sent values were not kept: %+v", r)
	}
}
