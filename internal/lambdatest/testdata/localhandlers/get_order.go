package handlers

import (
	"context"
	"encoding/json"

	"example.com/printshop/api"
)

// GetOrder answers with the caller's identity as the function sees it (the
// claims the authorizer passed on), so a test can compare what reaches the
// handler behind the local server and behind API Gateway.
func (s *Service) GetOrder(ctx context.Context, req *api.GetOrderRequest) (api.GetOrderResponse, error) {
	who := map[string]any{"orderId": req.OrderID}
	if c, ok := api.ClaimsFromContext(ctx); ok {
		who["sub"], who["scopes"], who["tokenUse"], who["clientId"] = c.Subject, c.Scopes, c.TokenUse, c.Values["client_id"]
	}
	body, err := json.Marshal(who)
	if err != nil {
		return api.GetOrderResponse{}, err
	}
	// Not an Order: the raw answer is the escape hatch from the contract.
	return api.GetOrderRaw(200, "application/json", body), nil
}
