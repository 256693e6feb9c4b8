package handlers

import (
	"context"

	"example.com/printshop/api"
)

// ListOrders answers one order per requested status, in the order given,
// with placedAfter echoed as its notes: the answer shows that the array
// query parameter arrived split.
func (s *Service) ListOrders(ctx context.Context, req *api.ListOrdersRequest) (api.ListOrdersResponse, error) {
	orders := api.ListOrders200Response{}
	for _, st := range req.Status {
		orders = append(orders, api.Order{Id: "ord_" + st, CustomerEmail: "buyer@example.com", Status: api.OrderStatus(st), Notes: req.PlacedAfter})
	}
	return api.ListOrders200(orders), nil
}
