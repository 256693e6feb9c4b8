package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// GetProduct handles getProduct: GET /products/{productId}.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetProduct(ctx context.Context, req *api.GetProductRequest) (api.GetProductResponse, error) {
	return api.GetProductResponse{}, api.ErrNotImplemented
}
