// Command lambda is the entry point of the odd-names Lambda function.
// specgate wrote this file once; it is yours to change.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/odd-names/api"
	"example.com/odd-names/handlers"
)

func main() {
	svc, err := handlers.New()
	if err != nil {
		log.Fatalf("start odd-names: %v", err)
	}
	lambda.Start(api.NewRESTHandler(svc))
}
