package handlers

import (
	"context"
	"os"

	"example.com/printshop/api"
	"example.com/printshop/client"
)

// GetHealth answers ok. With PRINTSHOP_RELAY_URL set, it first asks the
// service there for its health with the context it was given, as a handler
// calling another service does: TestClient checks that the request's id
// and traceparent went on.
func (s *Service) GetHealth(ctx context.Context, req *api.GetHealthRequest) (api.GetHealthResponse, error) {
	if u := os.Getenv("PRINTSHOP_RELAY_URL"); u != "" {
		c, err := client.New(u, client.WithMaxAttempts(1))
		if err != nil {
			return api.GetHealthResponse{}, err
		}
		if _, err := c.GetHealth(ctx, nil); err != nil {
			return api.GetHealthResponse{}, err
		}
	}
	return api.GetHealth200(api.GetHealth200Response{Status: "ok"}), nil
}
