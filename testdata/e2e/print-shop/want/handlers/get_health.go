package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// GetHealth handles getHealth: GET /health.
//
// Liveness probe.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetHealth(ctx context.Context, req *api.GetHealthRequest) (api.GetHealthResponse, error) {
	return api.GetHealthResponse{}, api.ErrNotImplemented
}
