package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// ThingsCreate handles things.create: POST /things.
//
// An operationId with a dot.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ThingsCreate(ctx context.Context, req *api.ThingsCreateRequest) (api.ThingsCreateResponse, error) {
	return api.ThingsCreateResponse{}, api.ErrNotImplemented
}
