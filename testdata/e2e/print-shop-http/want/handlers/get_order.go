package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// GetOrder handles getOrder: GET /orders/{orderId}.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetOrder(ctx context.Context, req *api.GetOrderRequest) (api.GetOrderResponse, error) {
	return api.GetOrderResponse{}, api.ErrNotImplemented
}
