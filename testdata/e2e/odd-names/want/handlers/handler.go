package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// Handler handles Handler: GET /handler.
//
// The name of the generated handler interface.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Handler(ctx context.Context, req *api.HandlerRequest) (api.HandlerResponse, error) {
	return api.HandlerResponse{}, api.ErrNotImplemented
}
