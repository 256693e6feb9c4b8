package handlers

import (
	"context"

	"example.com/routes/api"
)

// Health handles health: GET /health.
//
// Public (security is empty).
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Health(ctx context.Context, req *api.HealthRequest) (api.HealthResponse, error) {
	return api.HealthResponse{}, api.ErrNotImplemented
}
