package handlers

import (
	"context"

	"example.com/printshop/api"
)

// DeleteProduct panics: the router must answer 500 without the message.
func (s *Service) DeleteProduct(ctx context.Context, req *api.DeleteProductRequest) (api.DeleteProductResponse, error) {
	panic("secret-panic-detail: database password is hunter2 for " + req.ProductID)
}
