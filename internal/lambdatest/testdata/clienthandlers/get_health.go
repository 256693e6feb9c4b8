package handlers

import (
	"context"

	"example.com/printshop/api"
)

// GetHealth answers ok.
func (s *Service) GetHealth(ctx context.Context, req *api.GetHealthRequest) (api.GetHealthResponse, error) {
	return api.GetHealth200(api.GetHealth200Response{Status: "ok"}), nil
}
