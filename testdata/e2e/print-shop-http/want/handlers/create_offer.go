package handlers

import (
	"context"

	"example.com/print-shop/api"
)

// CreateOffer handles createOffer: POST /offers.
//
// Publish a marketing offer on a set of products.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) CreateOffer(ctx context.Context, req *api.CreateOfferRequest) (api.CreateOfferResponse, error) {
	return api.CreateOfferResponse{}, api.ErrNotImplemented
}
