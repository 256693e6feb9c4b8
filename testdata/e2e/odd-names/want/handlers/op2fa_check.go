package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// Op2faCheck handles 2fa-check: POST /2fa.
//
// An operationId with a leading digit.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Op2faCheck(ctx context.Context, req *api.Op2faCheckRequest) (api.Op2faCheckResponse, error) {
	return api.Op2faCheckResponse{}, api.ErrNotImplemented
}
