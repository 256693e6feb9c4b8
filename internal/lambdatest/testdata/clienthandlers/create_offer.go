package handlers

import (
	"context"

	"example.com/printshop/api"
)

// CreateOffer echoes the offer back with an id.
func (s *Service) CreateOffer(ctx context.Context, req *api.CreateOfferRequest) (api.CreateOfferResponse, error) {
	b := req.Body
	return api.CreateOffer201(api.Offer{Id: b.ProductIds[0], Code: b.Code, PercentOff: b.PercentOff,
		ProductIds: b.ProductIds, ValidFrom: b.ValidFrom, ValidTo: b.ValidTo}), nil
}
