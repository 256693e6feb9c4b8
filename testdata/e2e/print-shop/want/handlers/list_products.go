package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// ListProducts handles listProducts: GET /products.
//
// List products, newest first.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ListProducts(ctx context.Context, req *api.ListProductsRequest) (api.ListProductsResponse, error) {
	return api.ListProductsResponse{}, api.ErrNotImplemented
}
