package handlers

import (
	"context"

	"example.com/legacy-inventory/api"
)

// GetPing handles GetPing: GET /ping.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetPing(ctx context.Context, req *api.GetPingRequest) (api.GetPingResponse, error) {
	return api.GetPingResponse{}, api.ErrNotImplemented
}
