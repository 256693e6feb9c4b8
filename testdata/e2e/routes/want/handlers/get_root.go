package handlers

import (
	"context"

	"example.com/routes/api"
)

// GetRoot handles GetRoot: GET /.
//
// The root path, without operationId.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetRoot(ctx context.Context, req *api.GetRootRequest) (api.GetRootResponse, error) {
	return api.GetRootResponse{}, api.ErrNotImplemented
}
