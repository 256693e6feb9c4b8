package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// BuildAMD64 handles Build_AMD64: GET /builds/{os}/{arch}.
//
// Its file name would end in _amd64.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) BuildAMD64(ctx context.Context, req *api.BuildAMD64Request) (api.BuildAMD64Response, error) {
	return api.BuildAMD64Response{}, api.ErrNotImplemented
}
