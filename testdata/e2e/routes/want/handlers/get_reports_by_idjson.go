package handlers

import (
	"context"

	"example.com/routes/api"
)

// GetReportsByIDJSON handles GetReportsByIDJSON: GET /reports/{id}.json.
//
// A parameter with a literal suffix, without operationId.
//
// specgate wrote this stub once; replace its body with the implementation.
func (s *Service) GetReportsByIDJSON(ctx context.Context, req *api.GetReportsByIDJSONRequest) (api.GetReportsByIDJSONResponse, error) {
	return api.GetReportsByIDJSONResponse{}, api.ErrNotImplemented
}
