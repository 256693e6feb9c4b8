package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// Body handles body: GET /body.
//
// decodeBody is a helper of the generated runtime.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Body(ctx context.Context, req *api.BodyRequest) (api.BodyResponse, error) {
	return api.BodyResponse{}, api.ErrNotImplemented
}
