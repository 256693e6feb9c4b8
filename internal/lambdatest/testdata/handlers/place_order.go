package handlers

import (
	"context"

	"example.com/printshop/api"
)

// PlaceOrder accepts the order as sent: it answers the decoded body back as
// a pending order, so a test can see what reached the handler.
func (s *Service) PlaceOrder(ctx context.Context, req *api.PlaceOrderRequest) (api.PlaceOrderResponse, error) {
	b := req.Body
	raw, err := b.Payment.MarshalJSON()
	if err != nil {
		return api.PlaceOrderResponse{}, err
	}
	var payment api.Order_Payment
	if err := payment.UnmarshalJSON(raw); err != nil {
		return api.PlaceOrderResponse{}, err
	}
	qty := 0
	for _, l := range b.Lines {
		qty += l.Quantity
	}
	return api.PlaceOrder201(api.Order{
		Id: "ord_000000000001", Status: api.OrderStatusPending,
		CustomerEmail: b.CustomerEmail, Lines: b.Lines, ShipTo: b.ShipTo, Notes: b.Notes, DeliverBy: b.DeliverBy,
		Payment: payment, Total: api.Money{Amount: float64(qty), Currency: api.MoneyCurrencyEUR},
	}), nil
}
