package spec

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestLoadSAMIntrinsics: the same SAM-style spec in YAML short tags, in
// JSON long form and as Swagger 2.0 loads; intrinsics under x- extensions
// stay intrinsics (long form), the others get stand-in strings, and every
// other position stays where it is in the file.
func TestLoadSAMIntrinsics(t *testing.T) {
	type want struct{ ptr, fn, standIn string }
	cases := []struct {
		file string
		want []want
		op   string // position of GET /legacy/{id}
	}{
		{"sam-short.yaml", []want{
			{"/components/securitySchemes/cognito/x-amazon-apigateway-authorizer/providerARNs/0", "Fn::GetAtt", ""},
			{"/info/description", "Fn::Join", "Orders of ${Env}"},
			{"/info/title", "Fn::Sub", "${AWS::StackName}-orders"},
			{"/paths/~1legacy~1{id}/get/x-amazon-apigateway-integration/credentials", "Fn::GetAtt", ""},
			{"/paths/~1legacy~1{id}/get/x-amazon-apigateway-integration/uri", "Fn::Sub", ""},
			{"/paths/~1orders/get/summary", "Fn::Sub", "List the orders of ${AWS::Region}"},
			{"/servers/0/url", "Fn::Sub", "https://api.${DomainName}/v1"},
		}, ":29:5"},
		{"sam-long.json", []want{
			{"/components/securitySchemes/cognito/x-amazon-apigateway-authorizer/providerARNs/0", "Fn::GetAtt", ""},
			{"/info/description", "Fn::Join", "Orders of ${Env}"},
			{"/info/title", "Fn::Sub", "${AWS::StackName}-orders"},
			{"/paths/~1legacy~1{id}/get/x-amazon-apigateway-integration/credentials", "Fn::GetAtt", ""},
			{"/paths/~1legacy~1{id}/get/x-amazon-apigateway-integration/uri", "Fn::Sub", ""},
			{"/paths/~1orders/get/summary", "Fn::Sub", "List the orders of ${AWS::Region}"},
			{"/servers/0/url", "Fn::Sub", "https://api.${DomainName}/v1"},
		}, ":13:22"},
		{"sam-swagger2.yaml", []want{
			{"/info/description", "Fn::Sub", "Orders API of ${AWS::StackName}"},
			{"/info/title", "Fn::Sub", "${AWS::StackName}-orders"},
			{"/paths/~1legacy~1{id}/get/x-amazon-apigateway-integration/uri", "Fn::Join", ""},
			{"/securityDefinitions/cognito/x-amazon-apigateway-authorizer/providerARNs/0", "Fn::ImportValue", ""},
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "inputs", c.file)
			doc, err := Load(context.Background(), path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var got []string
			for _, in := range doc.Intrinsics {
				got = append(got, in.Pointer+" "+in.Func+" "+in.StandIn)
			}
			sort.Strings(got) // found in file order; compared by pointer
			var wantS []string
			for _, w := range c.want {
				wantS = append(wantS, w.ptr+" "+w.fn+" "+w.standIn)
			}
			if strings.Join(got, "\n") != strings.Join(wantS, "\n") {
				t.Errorf("intrinsics:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(wantS, "\n     "))
			}
			if want := "Orders of ${Env}"; c.file != "sam-swagger2.yaml" && doc.T.Info.Description != want {
				t.Errorf("info.description = %q, want the stand-in %q", doc.T.Info.Description, want)
			}
			integ := doc.T.Paths.Value("/legacy/{id}").Get.Extensions["x-amazon-apigateway-integration"].(map[string]any)
			if _, ok := integ["uri"].(map[string]any); !ok {
				t.Errorf("integration uri %#v is not kept as an intrinsic", integ["uri"])
			}
			api, _, err := ToModel(doc, Options{Name: "orders"})
			if err != nil {
				t.Fatalf("ToModel: %v", err)
			}
			if api.Title != "orders" {
				t.Errorf("title %q: the service name stands in for an intrinsic title", api.Title)
			}
			if c.op != "" {
				for _, op := range api.Operations {
					if op.Path == "/legacy/{id}" && op.Origin.String() != path+c.op {
						t.Errorf("GET /legacy/{id} at %s, want %s: the rewrite moved positions", op.Origin, path+c.op)
					}
				}
			}
			// Without a service name, the title cannot name the service.
			_, _, err = ToModel(doc, Options{})
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(se.Problems[0].Msg, "info.title is a CloudFormation intrinsic (Fn::Sub)") || se.Problems[0].Pos.Line == 0 {
				t.Errorf("ToModel without a name: %v", err)
			}
		})
	}
}
