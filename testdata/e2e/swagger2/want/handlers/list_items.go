package handlers

import (
	"context"

	"example.com/legacy-inventory/api"
)

// ListItems handles listItems: GET /items.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) ListItems(ctx context.Context, req *api.ListItemsRequest) (api.ListItemsResponse, error) {
	return api.ListItemsResponse{}, api.ErrNotImplemented
}
