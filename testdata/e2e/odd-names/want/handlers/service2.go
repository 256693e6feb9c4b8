package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// Service handles service: GET /service.
//
// Its stub file would be handlers/service.go, which the Service struct owns.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) Service(ctx context.Context, req *api.ServiceRequest) (api.ServiceResponse, error) {
	return api.ServiceResponse{}, api.ErrNotImplemented
}
