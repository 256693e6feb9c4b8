// Command lambda is the entry point of the print-shop Lambda function.
// specgate wrote this file once; it is yours to change.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/print-shop/api"
	"example.com/print-shop/handlers"
)

func main() {
	svc, err := handlers.New()
	if err != nil {
		log.Fatalf("start print-shop: %v", err)
	}
	lambda.Start(api.NewRESTHandler(svc))
}
