package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// ReplaceProduct handles replaceProduct: PUT /products/{productId}.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ReplaceProduct(ctx context.Context, req *api.ReplaceProductRequest) (api.ReplaceProductResponse, error) {
	return api.ReplaceProductResponse{}, api.ErrNotImplemented
}
