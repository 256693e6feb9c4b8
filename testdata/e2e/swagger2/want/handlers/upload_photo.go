package handlers

import (
	"context"

	"example.com/legacy-inventory/api"
)

// UploadPhoto handles uploadPhoto: PUT /items/{sku}/photo.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) UploadPhoto(ctx context.Context, req *api.UploadPhotoRequest) (api.UploadPhotoResponse, error) {
	return api.UploadPhotoResponse{}, api.ErrNotImplemented
}
