package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// RunTest handles run_test: POST /runs.
//
// Its file name would end in _test.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) RunTest(ctx context.Context, req *api.RunTestRequest) (api.RunTestResponse, error) {
	return api.RunTestResponse{}, api.ErrNotImplemented
}
