package handlers

import (
	"context"

	"example.com/routes/api"
)

// PutReport handles putReport: PUT /reports/{id}.
//
// Needs a scope other than the default, or a client credential.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) PutReport(ctx context.Context, req *api.PutReportRequest) (api.PutReportResponse, error) {
	return api.PutReportResponse{}, api.ErrNotImplemented
}
