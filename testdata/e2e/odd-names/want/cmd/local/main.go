// Command local runs odd-names on this machine behind a local API Gateway
// and authorizer (package local). Start it, on http://127.0.0.1:8080:
//
//	go run ./cmd/local
//
// and get a token signed by its development key:
//
//	go run ./cmd/local token --sub alice
//
// `go run ./cmd/local -h` lists the flags. specgate wrote this file once;
// it is yours to change.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"example.com/odd-names/api"
	"example.com/odd-names/handlers"
	"example.com/odd-names/local"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := local.Main(ctx, os.Args[1:], os.Stdout, os.Stderr, func() (api.Handler, error) {
		return handlers.New()
	})
	stop()
	os.Exit(code)
}
