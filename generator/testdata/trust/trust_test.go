// The handler sees only what validation checked: dropped into the api
// package of a generated print-shop (module example.com/trustsvc) by
// generator/trust_test.go (TestHandlerSeesOnlyCheckedValues).
package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/trustsvc/api"
)

// recorder keeps the requests that reached the handler; every other
// method is the nil interface's (never called here).
type recorder struct {
	api.Handler
	order   *api.PlaceOrderRequest
	product *api.CreateProductRequest
	list    *api.ListProductsRequest
}

var errRecorded = errors.New("recorded")

func (r *recorder) PlaceOrder(_ context.Context, req *api.PlaceOrderRequest) (api.PlaceOrderResponse, error) {
	r.order = req
	return api.PlaceOrderResponse{}, errRecorded
}

func (r *recorder) CreateProduct(_ context.Context, req *api.CreateProductRequest) (api.CreateProductResponse, error) {
	r.product = req
	return api.CreateProductResponse{}, errRecorded
}

func (r *recorder) ListProducts(_ context.Context, req *api.ListProductsRequest) (api.ListProductsResponse, error) {
	r.list = req
	return api.ListProductsResponse{}, errRecorded
}

// scopes holds every print-shop scope, bare and with its resource server.
var scopes = func() string {
	var out []string
	for _, s := range []string{"catalog/read", "catalog/write", "orders/read", "orders/write", "offers/write", "shipping/read"} {
		out = append(out, s, "print-shop/"+s)
	}
	return strings.Join(out, " ")
}()

// send passes one request through the REST payload format and returns the
// status and body.
func send(t *testing.T, h *recorder, method, path, query, body string) (int, string) {
	t.Helper()
	e := events.APIGatewayProxyRequest{HTTPMethod: method, Path: path, Body: body,
		Headers: map[string]string{"Content-Type": "application/json", "Idempotency-Key": "abcdefghijklmnop"}}
	if query != "" {
		k, v, _ := strings.Cut(query, "=")
		e.MultiValueQueryStringParameters = map[string][]string{k: {v}}
	}
	e.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": "tester", "token_use": "access", "scope": scopes}}
	res, err := api.NewRESTHandler(h)(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Body
}

func order(payment string) string {
	return `{"customerEmail":"ada@example.com","lines":[{"productId":"3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60","quantity":250}],` +
		`"shipTo":{"name":"Ada","line1":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"},"payment":` + payment + `}`
}

// TestUnionCaseVariantsAndDuplicatesRefused: a payment whose keys the
// union accessors (encoding/json: case-insensitive, last duplicate wins)
// would read differently from validation (exact keys) is a 400 and never
// reaches the handler.
func TestUnionCaseVariantsAndDuplicatesRefused(t *testing.T) {
	for _, payment := range []string{
		`{"type":"card","token":"12345678","TYPE":"invoice"}`,
		`{"TYPE":"invoice","type":"card","token":"12345678"}`,
		`{"type":"card","token":"12345678","Token":"x"}`,
		`{"type":"card","token":"12345678","\u0054oken":"x"}`,
		`{"type":"card","token":"12345678","to\u212aen":"x"}`, // KELVIN SIGN folds to k
		`{"type":"card","type":"invoice","token":"12345678"}`,
		`{ "type" : "card", "token":"12345678", "type":"invoice"}`, // the tag read first, the clash later
		`{"type":"card","token":"12345678","Type":"invoice"}`,
		`{"type":"invoice","purchaseOrder":"PO-1","netDays":30,"tYpe":"card"}`,
		`{"type":"card","token":"12345678","token":"x"}`,
		`{"type":"invoice","purchaseOrder":"PO-1","NETDAYS":7}`,
		`{"type":"invoice","purchaseOrder":"PO-1","PurchaseOrder":"` + strings.Repeat("x", 100) + `"}`,
	} {
		h := &recorder{}
		status, body := send(t, h, "POST", "/orders", "", order(payment))
		if status != 400 {
			t.Errorf("payment %s: status %d, want 400: %s", payment, status, body)
		}
		if h.order != nil {
			t.Errorf("payment %s reached the handler", payment)
		}
		if !strings.Contains(body, `"caseVariant"`) && !strings.Contains(body, `"duplicate"`) {
			t.Errorf("payment %s: the problem names neither caseVariant nor duplicate: %s", payment, body)
		}
	}
}

// TestUnionAccessorsSeeCheckedValues: for valid payments, every accessor
// returns the values that were validated, and the accessor of the other
// alternative an error, not unchecked values.
func TestUnionAccessorsSeeCheckedValues(t *testing.T) {
	h := &recorder{}
	if status, body := send(t, h, "POST", "/orders", "", order(`{"token":"12345678","type":"card"}`)); h.order == nil {
		t.Fatalf("a valid card payment did not reach the handler: %d %s", status, body)
	}
	p := h.order.Body.Payment
	if d, err := p.Discriminator(); err != nil || d != "card" {
		t.Errorf("Discriminator() = %q, %v; want card", d, err)
	}
	v, err := p.ValueByDiscriminator()
	if c, ok := v.(api.CardPayment); err != nil || !ok || c.Token != "12345678" || c.Type != "card" {
		t.Errorf("ValueByDiscriminator() = %#v, %v", v, err)
	}
	if c, err := p.AsCardPayment(); err != nil || c.Token != "12345678" {
		t.Errorf("AsCardPayment() = %#v, %v", c, err)
	}
	if i, err := p.AsInvoicePayment(); err == nil {
		t.Errorf("AsInvoicePayment() of a card payment = %#v, want an error: it is not a valid InvoicePayment", i)
	}
	raw, err := json.Marshal(h.order.Body)
	if err != nil || !strings.Contains(string(raw), `"payment":{"token":"12345678","type":"card"}`) {
		t.Errorf("the order marshals as %s (%v)", raw, err)
	}

	h = &recorder{}
	if status, body := send(t, h, "POST", "/orders", "", order(`{"type":"invoice","purchaseOrder":"PO-1","netDays":30}`)); h.order == nil {
		t.Fatalf("a valid invoice payment did not reach the handler: %d %s", status, body)
	}
	if c, err := h.order.Body.Payment.AsCardPayment(); err == nil {
		t.Errorf("AsCardPayment() of an invoice payment = %#v, want an error", c)
	}
	v, err = h.order.Body.Payment.ValueByDiscriminator()
	if i, ok := v.(api.InvoicePayment); err != nil || !ok || i.PurchaseOrder != "PO-1" || i.NetDays == nil || *i.NetDays != 30 {
		t.Errorf("ValueByDiscriminator() = %#v, %v", v, err)
	}
}

// TestMoneyKeepsCents: type: number without a format is a float64.
func TestMoneyKeepsCents(t *testing.T) {
	h := &recorder{}
	body := `{"sku":"FLY-A4","name":"Flyer","category":"flyers","price":{"amount":999999.99,"currency":"EUR"},"dimensions":{"widthMm":210,"heightMm":297}}`
	if status, res := send(t, h, "POST", "/products", "", body); h.product == nil {
		t.Fatalf("a valid product did not reach the handler: %d %s", status, res)
	}
	if got := float64(h.product.Body.Price.Amount); got != 999999.99 {
		t.Errorf("price.amount reached the handler as %v, want 999999.99", got)
	}
}

// TestParameterDefaultApplied: an absent optional parameter takes its
// default, typed; a sent one keeps its value.
func TestParameterDefaultApplied(t *testing.T) {
	for _, c := range []struct {
		query string
		want  int
	}{{"", 20}, {"limit=5", 5}} {
		h := &recorder{}
		if status, res := send(t, h, "GET", "/products", c.query, ""); h.list == nil {
			t.Fatalf("?%s did not reach the handler: %d %s", c.query, status, res)
		}
		if h.list.Limit == nil || *h.list.Limit != c.want {
			t.Errorf("?%s: Limit = %v, want %d", c.query, h.list.Limit, c.want)
		}
	}
}
