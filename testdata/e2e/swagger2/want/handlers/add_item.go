package handlers

import (
	"context"

	"example.com/legacy-inventory/api"
)

// AddItem handles addItem: POST /items.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) AddItem(ctx context.Context, req *api.AddItemRequest) (api.AddItemResponse, error) {
	return api.AddItemResponse{}, api.ErrNotImplemented
}
