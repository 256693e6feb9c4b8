// Command lambda is the entry point of the routes Lambda function.
// specgate wrote this file once; it is yours to change.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/routes/api"
	"example.com/routes/handlers"
)

func main() {
	svc, err := handlers.New()
	if err != nil {
		log.Fatalf("start routes: %v", err)
	}
	lambda.Start(api.NewHTTPHandler(svc))
}
