package handlers

import (
	"context"

	"example.com/routes/api"
)

// UndeclaredParam handles undeclaredParam: GET /reports/{id}/undeclared.
//
// The path parameter is not declared; it is read as a required string.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) UndeclaredParam(ctx context.Context, req *api.UndeclaredParamRequest) (api.UndeclaredParamResponse, error) {
	return api.UndeclaredParamResponse{}, api.ErrNotImplemented
}
