package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// GetThing handles getThing: PUT /things/{thing-id}.
//
// Differs from GetThing only in case.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetThing(ctx context.Context, req *api.GetThingRequest) (api.GetThingResponse, error) {
	return api.GetThingResponse{}, api.ErrNotImplemented
}
