package handlers

import (
	"context"

	"example.com/routes/api"
)

// GetFilesByProxy handles GetFilesByProxy: GET /files/{proxy+}.
//
// A greedy path parameter, without operationId.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetFilesByProxy(ctx context.Context, req *api.GetFilesByProxyRequest) (api.GetFilesByProxyResponse, error) {
	return api.GetFilesByProxyResponse{}, api.ErrNotImplemented
}
