package handlers

import (
	"context"
	"fmt"

	"example.com/printshop/api"
)

// ListProducts answers *Limit products (2 without a limit) of the requested
// category and echoes the cursor as the next one: the answer shows that the
// integer, enum and string query parameters arrived typed.
func (s *Service) ListProducts(ctx context.Context, req *api.ListProductsRequest) (api.ListProductsResponse, error) {
	n := 2
	if req.Limit != nil {
		n = *req.Limit
	}
	category := api.ProductCategoryFlyers
	if req.Category != nil {
		category = api.ProductCategory(*req.Category)
	}
	page := api.ProductPage{Items: []api.Product{}, NextCursor: req.Cursor}
	for i := range n {
		page.Items = append(page.Items, api.Product{
			Sku:        fmt.Sprintf("SKU-%04d", i+1),
			Name:       fmt.Sprintf("product %d", i+1),
			Category:   category,
			Price:      api.Money{Amount: 9.5, Currency: api.MoneyCurrencyEUR},
			Dimensions: api.Dimensions{WidthMm: 85, HeightMm: 55},
		})
	}
	return api.ListProducts200(page), nil
}
