// Command bare is the baseline of the Lambda cold start benchmark: a bare
// aws-lambda-go handler for API Gateway REST (payload 1.0) events that
// answers every request with a small JSON body. It does no routing, no
// decoding and no validation; it is what any Go Lambda costs at least.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"path":"` + e.Path + `"}`,
	}, nil
}

func main() {
	lambda.Start(handle)
}
