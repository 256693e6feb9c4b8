package handlers

import (
	"context"

	"example.com/routes/api"
)

// DeleteQuote handles deleteQuote: DELETE /legacy/quotes/{quoteId}.
//
// Served by the Lambda, on a path whose GET goes to the backend.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) DeleteQuote(ctx context.Context, req *api.DeleteQuoteRequest) (api.DeleteQuoteResponse, error) {
	return api.DeleteQuoteResponse{}, api.ErrNotImplemented
}
