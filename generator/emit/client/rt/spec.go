package rt

// This file is not copied into generated projects: it stands in for what
// the spec-derived client.gen.go declares, so that this package compiles
// and its tests can set the hooks themselves.

// service stands in for client.gen.go's, which the api package fills.
var service serviceHooks
