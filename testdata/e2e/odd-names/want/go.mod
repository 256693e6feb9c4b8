module example.com/odd-names

go 1.26

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/oapi-codegen/runtime v1.1.2
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
)
