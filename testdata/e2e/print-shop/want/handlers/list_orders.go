package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// ListOrders handles listOrders: GET /orders.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ListOrders(ctx context.Context, req *api.ListOrdersRequest) (api.ListOrdersResponse, error) {
	return api.ListOrdersResponse{}, api.ErrNotImplemented
}
