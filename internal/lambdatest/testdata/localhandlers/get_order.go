package handlers

import (
	"context"

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
	return api.GetOrderResponse{Status: 200, ContentType: "application/json", Body: who}, nil
}
