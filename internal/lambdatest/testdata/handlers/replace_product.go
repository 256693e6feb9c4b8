package handlers

import (
	"context"

	"example.com/printshop/api"
)

// ReplaceProduct echoes its path parameter, its If-Match header and its body
// into the answer; If-Match "stale" gets the spec's 412.
func (s *Service) ReplaceProduct(ctx context.Context, req *api.ReplaceProductRequest) (api.ReplaceProductResponse, error) {
	if req.IfMatch == "stale" {
		detail := "the product changed since " + req.IfMatch
		return api.ReplaceProduct412(api.Problem{Status: 412, Title: "Precondition Failed", Detail: &detail}), nil
	}
	attrs := map[string]string{"productId": req.ProductID, "ifMatch": req.IfMatch, "rawBody": string(req.RawBody)}
	b := req.Body
	return api.ReplaceProduct200(api.Product{
		Sku:        b.Sku,
		Name:       b.Name,
		Category:   api.ProductCategory(b.Category),
		Price:      b.Price,
		Dimensions: b.Dimensions,
		Attributes: &attrs,
	}), nil
}
