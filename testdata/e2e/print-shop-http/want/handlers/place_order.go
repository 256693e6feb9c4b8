package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// PlaceOrder handles placeOrder: POST /orders.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) PlaceOrder(ctx context.Context, req *api.PlaceOrderRequest) (api.PlaceOrderResponse, error) {
	return api.PlaceOrderResponse{}, api.ErrNotImplemented
}
