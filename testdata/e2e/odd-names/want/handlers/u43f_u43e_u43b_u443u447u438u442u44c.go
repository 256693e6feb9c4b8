package handlers

import (
	"context"

	"example.com/odd-names/api"
)

// U43fU43eU43bU443U447U438U442U44c handles получить: GET /things/{thing-id}.
//
// A Cyrillic operationId.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) U43fU43eU43bU443U447U438U442U44c(ctx context.Context, req *api.U43fU43eU43bU443U447U438U442U44cRequest) (api.U43fU43eU43bU443U447U438U442U44cResponse, error) {
	return api.U43fU43eU43bU443U447U438U442U44cResponse{}, api.ErrNotImplemented
}
