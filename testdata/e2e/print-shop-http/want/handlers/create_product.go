package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// CreateProduct handles createProduct: POST /products.
//
// Add a product to the catalog.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) CreateProduct(ctx context.Context, req *api.CreateProductRequest) (api.CreateProductResponse, error) {
	return api.CreateProductResponse{}, api.ErrNotImplemented
}
