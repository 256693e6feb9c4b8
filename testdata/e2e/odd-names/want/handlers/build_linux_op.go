package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// BuildLinux handles build linux: POST /builds/{os}/{arch}.
//
// Its file name would end in _linux.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) BuildLinux(ctx context.Context, req *api.BuildLinuxRequest) (api.BuildLinuxResponse, error) {
	return api.BuildLinuxResponse{}, api.ErrNotImplemented
}
