package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// Func handles func: DELETE /things/{thing-id}.
//
// A Go keyword as operationId.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Func(ctx context.Context, req *api.FuncRequest) (api.FuncResponse, error) {
	return api.FuncResponse{}, api.ErrNotImplemented
}
