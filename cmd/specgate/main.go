// Command specgate turns an OpenAPI spec into a secure Go Lambda service.
package main

import (
	"context"
	"os"

	"github.com/specgate/specgate/cmd"
)

func main() {
	os.Exit(cmd.Execute(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
