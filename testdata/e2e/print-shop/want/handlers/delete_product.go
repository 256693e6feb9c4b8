package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// DeleteProduct handles deleteProduct: DELETE /products/{productId}.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) DeleteProduct(ctx context.Context, req *api.DeleteProductRequest) (api.DeleteProductResponse, error) {
	return api.DeleteProductResponse{}, api.ErrNotImplemented
}
