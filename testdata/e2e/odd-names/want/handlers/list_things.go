package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// ListThings handles list things: GET /things.
//
// An operationId with a space.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ListThings(ctx context.Context, req *api.ListThingsRequest2) (api.ListThingsResponse, error) {
	return api.ListThingsResponse{}, api.ErrNotImplemented
}
