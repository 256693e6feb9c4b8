package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// GetThing2 handles GetThing: PATCH /things/{thing-id}.
//
// Differs from getThing only in case.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetThing2(ctx context.Context, req *api.GetThing2Request) (api.GetThing2Response, error) {
	return api.GetThing2Response{}, api.ErrNotImplemented
}
