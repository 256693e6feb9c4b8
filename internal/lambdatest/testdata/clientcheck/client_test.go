// Package clientcheck_test drives the generated client against the
// generated local server (PRINTSHOP_URL, tokens in PRINTSHOP_TOKEN_*),
// and against loopback stand-ins for retries. TestClient in
// internal/lambdatest copies it into a generated print-shop and runs it.
package clientcheck_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"golang.org/x/oauth2"

	"example.com/printshop/api"
	"example.com/printshop/client"
)

const productID = "3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d"

func newClient(t *testing.T, token string) *client.Client {
	t.Helper()
	var opts []client.Option
	if token != "" {
		opts = append(opts, client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token})))
	}
	c, err := client.New(os.Getenv("PRINTSHOP_URL"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// problem asserts err is a *client.ProblemError with status and returns it.
func problem(t *testing.T, err error, status int) *client.ProblemError {
	t.Helper()
	var p *client.ProblemError
	if !errors.As(err, &p) || p.Status != status {
		t.Fatalf("err = %v (%T), want a *client.ProblemError with status %d", err, err, status)
	}
	return p
}

func uuid(t *testing.T, s string) openapi_types.UUID {
	var u openapi_types.UUID
	if err := u.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return u
}

func newProduct(sku string) *api.NewProduct {
	return &api.NewProduct{Sku: sku, Name: "Business card", Category: "business-cards",
		Price: api.Money{Amount: 19.5, Currency: "EUR"}, Dimensions: api.Dimensions{WidthMm: 85, HeightMm: 55}}
}

func ptr[T any](v T) *T { return &v }

func TestEveryOperation(t *testing.T) {
	ctx := context.Background()
	all := newClient(t, os.Getenv("PRINTSHOP_TOKEN_ALL"))

	h, err := newClient(t, "").GetHealth(ctx, nil)
	if err != nil || h.Status != 200 || h.JSON200 == nil || h.JSON200.Status != "ok" {
		t.Errorf("GetHealth = %+v, %v", h, err)
	}

	lp, err := newClient(t, "").ListProducts(ctx, &api.ListProductsRequest{Category: ptr("posters"), Limit: ptr(3), Cursor: ptr("c 1/&")})
	if err != nil || len(lp.JSON200.Items) != 3 || lp.JSON200.Items[0].Category != "posters" || *lp.JSON200.NextCursor != "c 1/&" {
		t.Errorf("ListProducts = %+v, %v", lp, err)
	}
	_, err = newClient(t, "").ListProducts(ctx, &api.ListProductsRequest{Limit: ptr(1000)})
	if p := problem(t, err, 400); len(p.Violations) == 0 || p.Violations[0].In != "query" || p.Violations[0].Name != "limit" {
		t.Errorf("ListProducts limit 1000: violations %+v", p.Violations)
	}

	cp, err := all.CreateProduct(ctx, &api.CreateProductRequest{Body: newProduct("SKU-0042")})
	if err != nil || cp.Status != 201 || cp.JSON201.Sku != "SKU-0042" || cp.JSON201.Price.Amount != 19.5 {
		t.Errorf("CreateProduct = %+v, %v", cp, err)
	}
	bad := newProduct("x")
	bad.Price.Amount = 0
	_, err = all.CreateProduct(ctx, &api.CreateProductRequest{Body: bad})
	p := problem(t, err, 400)
	pointers := map[string]bool{}
	for _, v := range p.Violations {
		pointers[v.Pointer] = v.Message != ""
	}
	if !pointers["/sku"] || !pointers["/price/amount"] {
		t.Errorf("CreateProduct with a bad sku and price: violations %+v, want /sku and /price/amount", p.Violations)
	}
	_, err = newClient(t, os.Getenv("PRINTSHOP_TOKEN_READ")).CreateProduct(ctx, &api.CreateProductRequest{Body: newProduct("SKU-0043")})
	problem(t, err, 403)
	_, err = newClient(t, "").CreateProduct(ctx, &api.CreateProductRequest{Body: newProduct("SKU-0043")})
	if p := problem(t, err, 401); p.Op != "createProduct" || !strings.HasPrefix(err.Error(), "createProduct: 401") {
		t.Errorf("401: %+v / %v", p, err)
	}

	gp, err := all.GetProduct(ctx, &api.GetProductRequest{ProductID: productID})
	if err != nil || (*gp.JSON200.Attributes)["productId"] != productID {
		t.Errorf("GetProduct = %+v, %v", gp, err)
	}
	_, err = all.GetProduct(ctx, &api.GetProductRequest{ProductID: "00000000-0000-0000-0000-000000000000"})
	problem(t, err, 404)
	_, err = all.GetProduct(ctx, &api.GetProductRequest{ProductID: "not-a-uuid"})
	if p := problem(t, err, 400); len(p.Violations) == 0 || p.Violations[0].In != "path" {
		t.Errorf("GetProduct not-a-uuid: %+v", p.Violations)
	}
	if _, err := all.GetProduct(ctx, &api.GetProductRequest{ProductID: ".."}); err == nil || !strings.HasPrefix(err.Error(), "getProduct: path parameter") {
		t.Errorf("a dot-dot path parameter: err = %v, want it refused before sending", err)
	}

	rp, err := all.ReplaceProduct(ctx, &api.ReplaceProductRequest{ProductID: productID, IfMatch: "v1", Body: newProduct("SKU-0044")})
	if err != nil || (*rp.JSON200.Attributes)["ifMatch"] != "v1" || (*rp.JSON200.Attributes)["productId"] != productID || rp.JSON200.Sku != "SKU-0044" {
		t.Errorf("ReplaceProduct = %+v, %v", rp, err)
	}
	_, err = all.ReplaceProduct(ctx, &api.ReplaceProductRequest{ProductID: productID, IfMatch: "stale", Body: newProduct("SKU-0044")})
	if p := problem(t, err, 412); !strings.Contains(p.Detail, "stale") {
		t.Errorf("412 detail %q", p.Detail)
	}

	dp, err := all.DeleteProduct(ctx, &api.DeleteProductRequest{ProductID: productID})
	if err != nil || dp.Status != 204 {
		t.Errorf("DeleteProduct = %+v, %v", dp, err)
	}
	_, err = all.DeleteProduct(ctx, &api.DeleteProductRequest{ProductID: "00000000-0000-0000-0000-000000000000"})
	problem(t, err, 404)

	lo, err := all.ListOrders(ctx, &api.ListOrdersRequest{Status: []string{"pending", "shipped"}})
	if err != nil || len(*lo.JSON200) != 2 || (*lo.JSON200)[1].Id != "ord_shipped" {
		t.Errorf("ListOrders = %+v, %v", lo, err)
	}

	order := &api.NewOrder{CustomerEmail: "buyer@example.com", Lines: []api.OrderLine{{ProductId: uuid(t, productID), Quantity: 3}},
		ShipTo: api.Address{Name: "A", Line1: "1 Road", City: "Town", PostalCode: "12345", Country: "DE"}}
	if err := order.Payment.FromCardPayment(api.CardPayment{Token: "tok_12345678"}); err != nil {
		t.Fatal(err)
	}
	po, err := all.PlaceOrder(ctx, &api.PlaceOrderRequest{IdempotencyKey: "key-0123456789abcdef", Body: order})
	if err != nil || po.Status != 201 || po.JSON201.Id != "ord_000000000001" || len(po.JSON201.Lines) != 1 {
		t.Errorf("PlaceOrder = %+v, %v", po, err)
	}
	_, err = all.PlaceOrder(ctx, &api.PlaceOrderRequest{IdempotencyKey: "short", Body: order})
	if p := problem(t, err, 400); len(p.Violations) == 0 || p.Violations[0].Name != "Idempotency-Key" {
		t.Errorf("PlaceOrder with a bad Idempotency-Key: %+v", p.Violations)
	}

	gord, err := all.GetOrder(ctx, &api.GetOrderRequest{OrderID: "ord_abc123def456"})
	if err != nil || gord.Status != 200 || !strings.Contains(string(gord.Raw), "ord_abc123def456") {
		t.Errorf("GetOrder = %+v, %v", gord, err)
	}

	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	co, err := all.CreateOffer(ctx, &api.CreateOfferRequest{Body: &api.NewOffer{Code: "SPRING26", PercentOff: 12.5,
		ValidFrom: from, ValidTo: from.Add(24 * time.Hour), ProductIds: []openapi_types.UUID{uuid(t, productID)}}})
	if err != nil || co.JSON201.Code != "SPRING26" || co.JSON201.Id.String() != productID {
		t.Errorf("CreateOffer = %+v, %v", co, err)
	}

	qp, err := all.QuotePrice(ctx, &client.QuotePriceRequest{Body: &api.QuoteRequest{ProductId: uuid(t, productID), Quantity: 100}})
	if err != nil || qp.Status != 200 || qp.Header.Get("X-Legacy") != "yes" {
		t.Errorf("QuotePrice (legacy) = %+v, %v", qp, err)
	}
	ts, err := all.TrackShipment(ctx, &client.TrackShipmentRequest{TrackingNumber: "1Z999AA10123456784"})
	if err != nil || ts.JSON200.Events == nil || len(*ts.JSON200.Events) != 1 {
		t.Errorf("TrackShipment (legacy) = %+v, %v", ts, err)
	}
	_, err = newClient(t, "").TrackShipment(ctx, &client.TrackShipmentRequest{TrackingNumber: "1Z999AA10123456784"})
	problem(t, err, 401)
}

// flaky answers 503 with Retry-After: 1 to the first request, then 200
// with body; it counts requests.
func flaky(t *testing.T, body string) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(503)
			fmt.Fprint(w, `{"title":"Service Unavailable","status":503}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	srv, n := flaky(t, `{"sku":"SKU-0001","name":"card"}`)
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	gp, err := c.GetProduct(ctx, &api.GetProductRequest{ProductID: productID})
	if err != nil || gp.JSON200.Sku != "SKU-0001" || n.Load() != 2 {
		t.Errorf("GET after a 503: %+v, %v after %d requests, want the product after 2", gp, err, n.Load())
	}
	if took := time.Since(start); took < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1 s", took)
	}

	srv, n = flaky(t, `{}`)
	c, _ = client.New(srv.URL)
	_, err = c.CreateOffer(ctx, &api.CreateOfferRequest{Body: &api.NewOffer{Code: "X"}})
	if p := problem(t, err, 503); n.Load() != 1 || p.Header.Get("Retry-After") != "1" {
		t.Errorf("POST after a 503: %d requests, want 1 (not idempotent)", n.Load())
	}
}

// TestRequestValidation: with WithRequestValidation, a request the service
// would refuse fails with a *client.RequestError, and nothing reaches the
// network; its status and violations are exactly those of the service's
// own refusal (the same call, unchecked, to the local server). Valid
// requests, served and legacy, still reach the service.
func TestRequestValidation(t *testing.T) {
	ctx := context.Background()
	var sent atomic.Int32
	counter := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(599)
	}))
	t.Cleanup(counter.Close)
	token := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("PRINTSHOP_TOKEN_ALL")})
	offline, err := client.New(counter.URL, client.WithRequestValidation(), client.WithTokenSource(token))
	if err != nil {
		t.Fatal(err)
	}
	unchecked := newClient(t, os.Getenv("PRINTSHOP_TOKEN_ALL"))
	checked, err := client.New(os.Getenv("PRINTSHOP_URL"), client.WithRequestValidation(), client.WithTokenSource(token))
	if err != nil {
		t.Fatal(err)
	}

	badProduct := newProduct("x")
	badProduct.Price.Amount = 0
	order := &api.NewOrder{CustomerEmail: "buyer@example.com", Lines: []api.OrderLine{{ProductId: uuid(t, productID), Quantity: 3}},
		ShipTo: api.Address{Name: "A", Line1: "1 Road", City: "Town", PostalCode: "12345", Country: "DE"}}
	if err := order.Payment.FromCardPayment(api.CardPayment{Token: "tok_12345678"}); err != nil {
		t.Fatal(err)
	}
	badOrder := *order
	badOrder.Lines = []api.OrderLine{{ProductId: uuid(t, productID), Quantity: 0}}
	cases := []struct {
		name string
		call func(c *client.Client) error
	}{
		{"query", func(c *client.Client) error {
			_, err := c.ListProducts(ctx, &api.ListProductsRequest{Limit: ptr(1000)})
			return err
		}},
		{"path", func(c *client.Client) error {
			_, err := c.GetProduct(ctx, &api.GetProductRequest{ProductID: "not-a-uuid"})
			return err
		}},
		{"header", func(c *client.Client) error {
			_, err := c.PlaceOrder(ctx, &api.PlaceOrderRequest{IdempotencyKey: "short", Body: order})
			return err
		}},
		{"body", func(c *client.Client) error {
			_, err := c.CreateProduct(ctx, &api.CreateProductRequest{Body: badProduct})
			return err
		}},
		{"nested body", func(c *client.Client) error {
			_, err := c.PlaceOrder(ctx, &api.PlaceOrderRequest{IdempotencyKey: "key-0123456789abcdef", Body: &badOrder})
			return err
		}},
		{"missing body", func(c *client.Client) error {
			_, err := c.CreateProduct(ctx, &api.CreateProductRequest{})
			return err
		}},
		{"malformed raw body", func(c *client.Client) error {
			_, err := c.CreateProduct(ctx, &api.CreateProductRequest{RawBody: []byte(`{"sku":`)})
			return err
		}},
		{"legacy path", func(c *client.Client) error {
			_, err := c.TrackShipment(ctx, &client.TrackShipmentRequest{TrackingNumber: "lower-case"})
			return err
		}},
		{"legacy body", func(c *client.Client) error {
			_, err := c.QuotePrice(ctx, &client.QuotePriceRequest{Body: &api.QuoteRequest{ProductId: uuid(t, productID), Quantity: -1}})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := sent.Load()
			err := tc.call(offline)
			var re *client.RequestError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want a *client.RequestError", err, err)
			}
			if sent.Load() != before {
				t.Errorf("an invalid request reached the network")
			}
			if !strings.Contains(err.Error(), "invalid request, not sent") {
				t.Errorf("message %q", err)
			}
			var p *client.ProblemError
			if err := tc.call(unchecked); !errors.As(err, &p) {
				t.Fatalf("the service accepted what the client refused: %v", err)
			}
			if re.Status != p.Status || fmt.Sprint(re.Violations) != fmt.Sprint(p.Violations) || re.Detail != p.Detail {
				t.Errorf("checked before sending: %d %q %+v\nthe service answered:    %d %q %+v", re.Status, re.Detail, re.Violations, p.Status, p.Detail, p.Violations)
			}
			if p.Status == 400 && p.Detail != "the request is not valid" || len(re.Violations) == 0 && re.Detail == "" {
				t.Errorf("the refusal says nothing: %+v", re)
			}
		})
	}

	// Valid requests go through, served and legacy alike.
	if cp, err := checked.CreateProduct(ctx, &api.CreateProductRequest{Body: newProduct("SKU-0045")}); err != nil || cp.Status != 201 {
		t.Errorf("CreateProduct, valid, checked: %+v, %v", cp, err)
	}
	if po, err := checked.PlaceOrder(ctx, &api.PlaceOrderRequest{IdempotencyKey: "key-0123456789abcdef", Body: order}); err != nil || po.Status != 201 {
		t.Errorf("PlaceOrder, valid, checked: %+v, %v", po, err)
	}
	if ts, err := checked.TrackShipment(ctx, &client.TrackShipmentRequest{TrackingNumber: "1Z999AA10123456784"}); err != nil || ts.Status != 200 {
		t.Errorf("TrackShipment (legacy), valid, checked: %+v, %v", ts, err)
	}
	if _, err := offline.GetHealth(ctx, nil); !client.IsStatus(err, 599) || sent.Load() != 1 {
		t.Errorf("a valid request with validation on: %v after %d requests, want it sent (599 from the counter)", err, sent.Load())
	}
}

// Ids TestRequestID sends; TestClient looks for them in the local server's
// log and at the relay the GetHealth handler calls.
const (
	batchID     = "batch-2026-12-03.7"
	malformedID = "bad id <MALFORMED>"
	relayID     = "relay-42.case_7"
	legacyID    = "legacy-7.track"
	traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
)

// TestRequestID: an id given with client.ContextWithRequestID comes back on
// the answer; a malformed one is not sent, and the service answers with an
// id of its own. A request's id and traceparent reach the GetHealth
// handler's context, which sends them on to the relay with the client.
func TestRequestID(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, "")
	h, err := c.GetHealth(client.ContextWithRequestID(ctx, batchID), nil)
	if err != nil || h.Header.Get("X-Request-Id") != batchID {
		t.Errorf("GetHealth with id %q: answer's X-Request-Id %q, err %v", batchID, h.Header.Get("X-Request-Id"), err)
	}
	h, err = c.GetHealth(client.ContextWithRequestID(ctx, malformedID), nil)
	if id := h.Header.Get("X-Request-Id"); err != nil || id == "" || strings.ContainsAny(id, " <>") {
		t.Errorf("GetHealth with a malformed id: answer's X-Request-Id %q, err %v; want an id of the service's", id, err)
	}
	var sent atomic.Value
	recorder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Store(r.Header.Values("X-Request-Id"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	t.Cleanup(recorder.Close)
	rc, err := client.New(recorder.URL)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{malformedID: "", batchID: batchID, "": ""} {
		if _, err := rc.GetHealth(client.ContextWithRequestID(ctx, id), nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := sent.Load().([]string); strings.Join(got, ",") != want {
			t.Errorf("with the id %q the client sent X-Request-Id %q, want %q", id, got, want)
		}
	}
	_, err = c.ListProducts(client.ContextWithRequestID(ctx, batchID), &api.ListProductsRequest{Limit: ptr(1000)})
	if p := problem(t, err, 400); p.Header.Get("X-Request-Id") != batchID || p.RequestID != batchID || !strings.HasSuffix(err.Error(), "(request id "+batchID+")") {
		t.Errorf("a 400's X-Request-Id %q, RequestID %q, error %q; want %q", p.Header.Get("X-Request-Id"), p.RequestID, err, batchID)
	}

	// A legacy operation: the local server passes the id to the backend.
	all := newClient(t, os.Getenv("PRINTSHOP_TOKEN_ALL"))
	ts, err := all.TrackShipment(client.ContextWithRequestID(ctx, legacyID), &client.TrackShipmentRequest{TrackingNumber: "1Z999AA10123456784"})
	if err != nil || ts.Header.Get("X-Request-Id") != legacyID {
		t.Errorf("TrackShipment (legacy) with id %q: %+v, %v", legacyID, ts, err)
	}

	// The handler's context: a plain HTTP request with an id and a traceparent.
	req, err := http.NewRequestWithContext(ctx, "GET", os.Getenv("PRINTSHOP_URL")+"/health", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Request-Id", relayID)
	req.Header.Set("Traceparent", traceparent)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("X-Request-Id") != relayID {
		t.Errorf("GET /health with id %q: %d, X-Request-Id %q", relayID, res.StatusCode, res.Header.Get("X-Request-Id"))
	}
}
