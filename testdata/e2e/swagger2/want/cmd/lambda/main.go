// Command lambda is the entry point of the legacy-inventory Lambda function.
// specgate wrote this file once; it is yours to change.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/legacy-inventory/api"
	"example.com/legacy-inventory/handlers"
)

func main() {
	svc, err := handlers.New()
	if err != nil {
		log.Fatalf("start legacy-inventory: %v", err)
	}
	lambda.Start(api.NewRESTHandler(svc))
}
