package generator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// integrationOf returns the x-amazon-apigateway-integration of method
// path in the SAM template's definition.
func integrationOf(t *testing.T, tmpl map[string]any, path, method string) map[string]any {
	t.Helper()
	def := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody")
	in := mapAt(def, "paths", path, method, "x-amazon-apigateway-integration")
	if in == nil {
		t.Fatalf("no integration for %s %s", method, path)
	}
	return in
}

func deployTemplate(t *testing.T, opts generator.Options) (map[string]any, *generator.Result) {
	t.Helper()
	res, err := generator.GenerateDeploy(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := res.Files.Get(sam.Path)
	if !ok {
		t.Fatal("no template")
	}
	var tmpl map[string]any
	if err := yaml.Unmarshal(f.Data, &tmpl); err != nil {
		t.Fatal(err)
	}
	return tmpl, res
}

// A private legacy backend (legacy.connections: vpc-link) is reached
// through a VPC link whose ID is a parameter: on a REST API a VPC link to
// an NLB with the https uri naming the host whose certificate API Gateway
// verifies; on an HTTP API a VPC link V2 to a listener, TLS to the
// backend's name, the path mapped. Either way the caller's Authorization
// and cookies stay behind and the verified identity goes in the
// documented headers. cfn-lint and the SAM translator check both
// templates in TestDeploy (print-shop-vpc-link, print-shop-http-vpc-link).
func TestLegacyVPCLink(t *testing.T) {
	spec := "../testdata/print-shop.yaml"
	t.Run("rest", func(t *testing.T) {
		tmpl, _ := deployTemplate(t, generator.Options{SpecPath: spec, LegacyConnections: vpcLinks})
		in := integrationOf(t, tmpl, "/shipments/{trackingNumber}", "get")
		if in["connectionType"] != "VPC_LINK" || !cmp.Equal(in["connectionId"], map[string]any{"Ref": "LegacyShippingVpcLinkId"}) {
			t.Errorf("connectionType %v, connectionId %v; want VPC_LINK and the parameter", in["connectionType"], in["connectionId"])
		}
		if uri := mapAt(in, "uri")["Fn::Sub"]; uri != "${LegacyShippingURL}/track/{trackingNumber}" {
			t.Errorf("uri %v, want the https URL from parameter LegacyShippingURL", uri)
		}
		p := mapAt(in, "requestParameters")
		want := map[string]any{
			"integration.request.header.Authorization":          "''",
			"integration.request.header.Cookie":                 "''",
			"integration.request.header." + model.SubjectHeader: "context.authorizer.claims.sub",
			"integration.request.header." + model.ScopesHeader:  "context.authorizer.claims.scope",
		}
		for k, v := range want {
			if p[k] != v {
				t.Errorf("%s = %v, want %v", k, p[k], v)
			}
		}
		params := mapAt(tmpl, "Parameters")
		for _, name := range []string{"LegacyShippingVpcLinkId", "LegacyPricingVpcLinkId", "LegacyShippingURL"} {
			if params[name] == nil {
				t.Errorf("no parameter %s", name)
			}
		}
		if u, _ := mapAt(params, "LegacyShippingURL")["Default"].(string); !strings.HasPrefix(u, "https://") {
			t.Errorf("LegacyShippingURL default %q: TLS to the backend needs https", u)
		}
	})
	t.Run("http", func(t *testing.T) {
		tmpl, _ := deployTemplate(t, generator.Options{SpecPath: spec, Kind: model.HTTP, LegacyConnections: vpcLinks})
		in := integrationOf(t, tmpl, "/shipments/{trackingNumber}", "get")
		if in["connectionType"] != "VPC_LINK" || !cmp.Equal(in["connectionId"], map[string]any{"Ref": "LegacyShippingVpcLinkId"}) ||
			!cmp.Equal(in["uri"], map[string]any{"Ref": "LegacyShippingListenerArn"}) {
			t.Errorf("connectionType %v, connectionId %v, uri %v; want VPC_LINK, the link and listener parameters", in["connectionType"], in["connectionId"], in["uri"])
		}
		if got := mapAt(in, "tlsConfig")["serverNameToVerify"]; got != "shipping.legacy.print-shop.internal" {
			t.Errorf("tlsConfig.serverNameToVerify %v, want the backend's host (TLS to the backend)", got)
		}
		p := mapAt(in, "requestParameters")
		want := map[string]any{
			"overwrite:path":                          "/track/$request.path.trackingNumber",
			"remove:header.Cookie":                    "''",
			"overwrite:header." + model.SubjectHeader: "$context.authorizer.claims.sub",
			"overwrite:header." + model.ScopesHeader:  "$context.authorizer.claims.scope",
		}
		for k, v := range want {
			if p[k] != v {
				t.Errorf("%s = %v, want %v", k, p[k], v)
			}
		}
		params := mapAt(tmpl, "Parameters")
		if params["LegacyShippingListenerArn"] == nil || params["LegacyShippingVpcLinkId"] == nil {
			t.Errorf("parameters %v lack the VPC link and listener", params)
		}
		if params["LegacyShippingURL"] != nil {
			t.Error("an HTTP API's private backend is reached by its listener: no LegacyShippingURL parameter")
		}
	})
	t.Run("private host without a VPC link is reported", func(t *testing.T) {
		_, res := deployTemplate(t, generator.Options{SpecPath: spec})
		n := 0
		for _, w := range res.Warnings {
			if strings.Contains(w, "legacy.connections.") && strings.Contains(w, "vpc-link") && strings.Contains(w, "print-shop.yaml:") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d warnings naming legacy.connections for the two .internal backends, want 2:\n%s", n, strings.Join(res.Warnings, "\n"))
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		_, err := generator.GenerateDeploy(context.Background(), generator.Options{SpecPath: spec,
			LegacyConnections: map[string]string{"billing.internal": "vpc-link"}})
		if err == nil || !strings.Contains(err.Error(), "legacy connections for billing.internal name no legacy backend") {
			t.Errorf("err %v, want the unknown key named", err)
		}
	})
}
