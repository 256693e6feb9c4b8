package generator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
)

// reportTables parses deploy/validation-report.md into its tables: the
// rows of each "### heading", each row split into cells.
func reportTables(t *testing.T, res *generator.Result) map[string][][]string {
	t.Helper()
	f, ok := res.Files.Get("deploy/validation-report.md")
	if !ok {
		t.Fatal("no deploy/validation-report.md planned")
	}
	tables := map[string][][]string{}
	heading := ""
	for _, line := range strings.Split(string(f.Data), "\n") {
		switch {
		case strings.HasPrefix(line, "### "):
			heading = strings.TrimPrefix(line, "### ")
		case strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Where") && !strings.HasPrefix(line, "| ---"):
			line = strings.ReplaceAll(line, `\|`, "\x00")
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.ReplaceAll(strings.TrimSpace(c), "\x00", "|"))
			}
			tables[heading] = append(tables[heading], cells)
		}
	}
	return tables
}

// TestReportSaysWhatTheGatewayChecks: deploy/validation-report.md says,
// per constraint, who enforces it, and on print-shop that is true of the
// deployed definition: a REST API's gateway checks required parameters'
// presence and JSON bodies (legacy operations included, listed with the
// local server and the backend); every component constraint the report
// says API Gateway checks is in the compiled model, and every one it says
// API Gateway does not check (formats, exclusive bounds, minItems, ...) is
// not; an HTTP API checks nothing.
func TestReportSaysWhatTheGatewayChecks(t *testing.T) {
	ps := "../testdata/print-shop.yaml"
	rest, err := generator.Generate(context.Background(), generator.Options{SpecPath: ps})
	if err != nil {
		t.Fatal(err)
	}
	tables := reportTables(t, rest)
	want := map[string][]string{
		"placeOrder — POST /orders": {
			"header `Idempotency-Key` | required | API Gateway and Lambda",
			"header `Idempotency-Key` | pattern ^[A-Za-z0-9_-]{16,64}$ | Lambda",
			"body | schema NewOrder | API Gateway and Lambda",
			"body | Content-Type application/json (else 415) | Lambda",
		},
		"quotePrice — POST /quotes": {
			"body | required | API Gateway; local server",
			"body | schema QuoteRequest | API Gateway; local server",
		},
		"trackShipment — GET /shipments/{trackingNumber}": {
			"path `trackingNumber` | required | API Gateway; local server",
			"path `trackingNumber` | pattern ^[A-Z0-9]{10,22}$ | local server only (on AWS: the backend)",
		},
	}
	for heading, rows := range want {
		have := map[string]bool{}
		for _, r := range tables[heading] {
			have[strings.Join(r, " | ")] = true
		}
		for _, r := range rows {
			if !have[r] {
				t.Errorf("%s: no row %q; have %v", heading, r, tables[heading])
			}
		}
	}

	// The Schemas section against the compiled models of the definition.
	def := secYAML(t, rest, "deploy/openapi.yaml")
	models := secAt(def, "components", "schemas")
	keyword := map[string]string{"minLength": "minLength", "maxLength": "maxLength", "pattern": "pattern", "minimum": "minimum",
		"maximum": "maximum", "multipleOf": "multipleOf", "exclusiveMinimum": "exclusiveMinimum", "exclusiveMaximum": "exclusiveMaximum",
		"minItems": "minItems", "maxItems": "maxItems", "uniqueItems": "uniqueItems", "format": "format", "default": "default",
		"minProperties": "minProperties", "maxProperties": "maxProperties", "one": "enum", "discriminator": "discriminator"}
	checked := 0
	for name := range models {
		for _, row := range tables[name] {
			if len(row) != 3 {
				t.Errorf("%s: row %v has no API Gateway column", name, row)
				continue
			}
			node := secAt(models, name)
			if row[0] != "(value)" {
				node = secAt(node, "properties", strings.TrimPrefix(row[0], "/"))
			}
			if node == nil || node["$ref"] != nil {
				continue
			}
			missed := map[string]bool{}
			for _, c := range strings.Split(row[2], "; ") {
				missed[c] = true
			}
			for _, c := range strings.Split(row[1], "; ") {
				kw := keyword[strings.Fields(c)[0]]
				if kw == "" {
					continue
				}
				_, inModel := node[kw]
				if missed[c] && inModel {
					t.Errorf("%s %s: the report says API Gateway does not check %q, but the model has %s", name, row[0], c, kw)
				}
				if !missed[c] && !inModel {
					t.Errorf("%s %s: the report says API Gateway checks %q, but the model has no %s", name, row[0], c, kw)
				}
				checked++
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d constraints compared with the models", checked)
	}

	http, err := generator.Generate(context.Background(), generator.Options{SpecPath: ps, Kind: model.HTTP})
	if err != nil {
		t.Fatal(err)
	}
	for heading, rows := range reportTables(t, http) {
		for _, r := range rows {
			if strings.Contains(strings.Join(r, "|"), "API Gateway") {
				t.Errorf("HTTP API report, %s: %v credits API Gateway", heading, r)
			}
		}
	}
}
