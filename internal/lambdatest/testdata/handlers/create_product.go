package handlers

import (
	"context"

	"example.com/printshop/api"
)

// CreateProduct echoes the decoded body back as the created product, so a
// test can see that a (base64-encoded) JSON body reached the handler typed.
func (s *Service) CreateProduct(ctx context.Context, req *api.CreateProductRequest) (api.CreateProductResponse, error) {
	b := req.Body
	return api.CreateProduct201(api.Product{
		Sku:        b.Sku,
		Name:       b.Name,
		Category:   api.ProductCategory(b.Category),
		Price:      b.Price,
		Dimensions: b.Dimensions,
		Tags:       b.Tags,
		Paper:      (*api.ProductPaper)(b.Paper),
	}), nil
}
