package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// JSON handles JSON: GET /json.
//
// decodeJSON is a helper of the generated runtime.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) JSON(ctx context.Context, req *api.JSONRequest) (api.JSONResponse, error) {
	return api.JSONResponse{}, api.ErrNotImplemented
}
