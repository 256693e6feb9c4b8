// Package handlers implements the routes service: one method of Service
// per operation, each in its own file. specgate wrote these files once and
// never overwrites them; when the spec gains an operation, specgate adds its
// stub in a new file.
package handlers

import "example.com/routes/api"

// Service implements api.Handler. Put its dependencies here (clients,
// configuration) and build them in New.
type Service struct{}

// New builds the Service once per cold start.
func New() (*Service, error) {
	return &Service{}, nil
}

// The compiler checks that Service implements every operation.
var _ api.Handler = (*Service)(nil)
