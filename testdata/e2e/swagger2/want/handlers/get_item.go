package handlers

import (
	"context"

	"example.com/legacy-inventory/api"
)

// GetItem handles getItem: GET /items/{sku}.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetItem(ctx context.Context, req *api.GetItemRequest) (api.GetItemResponse, error) {
	return api.GetItemResponse{}, api.ErrNotImplemented
}
