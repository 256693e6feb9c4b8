# corpus_make.py writes testdata/corpus: one directory per change kind, each
# with new.yaml (base.yaml with one edit; a case may edit its own base.yaml)
# and want.yaml (the rule the gate must find, its level, the exit code).
# Run it from anywhere after changing a case: python3 corpus_make.py
import os
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, 'corpus')
base = open(os.path.join(here, 'base.yaml')).read()

def rep(s, old, new, count=1):
    assert s.count(old) >= 1, (old,)
    return s.replace(old, new, count)

cases = {}
def case(name, rule, level, exit, edits=None, base_edits=None, accept=None, fail_on=None, none=False, absent=None):
    b = base
    for o, n in (base_edits or []):
        b = rep(b, o, n)
    nw = b
    for o, n in (edits or []):
        nw = rep(nw, o, n)
    cases[name] = (b if base_edits else None, nw, rule, level, exit, accept, fail_on, none, absent)

POST_SEC = "      operationId: placeOrder\n      security:\n        - oauth: [orders/write]\n"
DEL_SEC = "      operationId: cancelOrder\n      security:\n        - oauth: [orders/write]\n"
case('scope-added', 'specgate-scopes-changed', 'error', 1,
     [(POST_SEC, "      operationId: placeOrder\n      security:\n        - oauth: [orders/write, reports/read]\n")])
case('scope-replaced', 'specgate-scopes-changed', 'error', 1,
     [(DEL_SEC, "      operationId: cancelOrder\n      security:\n        - oauth: [reports/read]\n")])
case('public-becomes-secured', 'specgate-operation-secured', 'error', 1,
     [("      operationId: browseCatalog\n      security: []\n", "      operationId: browseCatalog\n")])
case('secured-becomes-public', 'specgate-operation-made-public', 'warning', 0,
     [(DEL_SEC, "      operationId: cancelOrder\n      security: []\n")])
case('secured-becomes-public-fail-on-warning', 'specgate-operation-made-public', 'warning', 1,
     [(DEL_SEC, "      operationId: cancelOrder\n      security: []\n")], fail_on='warning')
case('client-scope-removed', 'specgate-client-scope-removed', 'error', 1,
     [(POST_SEC, "      operationId: placeOrder\n      security:\n        - oauth: [orders/read]\n"),
      (DEL_SEC, "      operationId: cancelOrder\n      security:\n        - oauth: [orders/read]\n"),
      ("            orders/write: place orders\n            reports/read", "            reports/read"),
      ("            orders/write: place orders\n  schemas", "  schemas")])
case('base-path-changed', 'specgate-base-path-changed', 'error', 1,
     [("https://api.example.com/v1", "https://api.example.com/v2")])
case('moved-to-legacy', 'specgate-moved-to-legacy-backend', 'warning', 0,
     [("      operationId: getOrder\n", "      operationId: getOrder\n      x-specgate-integration:\n        type: http_proxy\n        uri: https://legacy.example.com/orders/{orderId}\n")])
case('moved-from-legacy', 'specgate-moved-from-legacy-backend', 'warning', 0,
     [("      x-specgate-integration:\n        type: http_proxy\n        uri: https://legacy.example.com/track/{trackingNumber}\n        timeoutMillis: 5000\n", "")])
case('legacy-backend-changed', 'specgate-legacy-backend-changed', 'warning', 0,
     [("https://legacy.example.com/track/", "https://tracking.example.com/v2/track/")])
case('request-pattern-added', 'specgate-request-constraint-tightened', 'error', 1,
     [("note: {type: string, maxLength: 500}", "note: {type: string, maxLength: 500, pattern: \"^[a-z ]*$\"}")])
case('request-pattern-changed', 'specgate-request-constraint-tightened', 'error', 1,
     [('pattern: "^[A-Z0-9-]+$"', 'pattern: "^[A-Z0-9]+$"')])
case('request-maximum-lowered', 'specgate-request-constraint-tightened', 'error', 1,
     [("maximum: 50", "maximum: 20")])
case('query-minimum-raised', 'specgate-request-constraint-tightened', 'error', 1,
     [("{type: integer, minimum: 1, maximum: 100}", "{type: integer, minimum: 5, maximum: 100}")])
case('request-maxlength-lowered', 'specgate-request-constraint-tightened', 'error', 1,
     [("maxLength: 500", "maxLength: 100")])
case('path-param-maxlength-lowered', 'specgate-request-constraint-tightened', 'error', 1,
     [("{type: string, maxLength: 64}", "{type: string, maxLength: 32}")])
case('query-enum-value-removed', 'specgate-request-constraint-tightened', 'error', 1,
     [("enum: [open, shipped, closed]", "enum: [open, shipped]")])
case('request-additional-properties-closed', 'specgate-request-constraint-tightened', 'error', 1,
     [("      required: [sku, quantity]\n", "      required: [sku, quantity]\n      additionalProperties: false\n")])
case('response-field-removed', 'specgate-response-field-changed', 'error', 1,
     [("        total: {type: number}\n", "")])
case('response-field-type-changed', 'specgate-response-field-changed', 'error', 1,
     [("        quantity: {type: integer}\n        status", "        quantity: {type: string}\n        status")])
case('operation-removed-not-deprecated', 'specgate-removed-without-deprecation', 'warning', 1,
     [("    delete:\n      operationId: cancelOrder\n      security:\n        - oauth: [orders/write]\n      parameters:\n        - name: orderId\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: cancelled}\n", "")])
case('operation-removed-not-deprecated-generic', 'api-removed-without-deprecation', 'error', 1,
     [("    delete:\n      operationId: cancelOrder\n      security:\n        - oauth: [orders/write]\n      parameters:\n        - name: orderId\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: cancelled}\n", "")])
case('operation-removed-after-deprecation', 'api-removed-with-deprecation', 'info', 0,
     [("    delete:\n      operationId: cancelOrder\n      deprecated: true\n      security:\n        - oauth: [orders/write]\n      parameters:\n        - name: orderId\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: cancelled}\n", "")],
     base_edits=[("      operationId: cancelOrder\n", "      operationId: cancelOrder\n      deprecated: true\n")])
case('operation-removed-after-sunset', '', 'info', 0,
     [("    delete:\n      operationId: cancelOrder\n      deprecated: true\n      x-sunset: \"2020-01-01\"\n      security:\n        - oauth: [orders/write]\n      parameters:\n        - name: orderId\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: cancelled}\n", "")],
     base_edits=[("      operationId: cancelOrder\n", "      operationId: cancelOrder\n      deprecated: true\n      x-sunset: \"2020-01-01\"\n")], none=True)
case('operation-removed-before-sunset', 'api-removed-before-sunset', 'error', 1,
     [("    delete:\n      operationId: cancelOrder\n      deprecated: true\n      x-sunset: \"2099-01-01\"\n      security:\n        - oauth: [orders/write]\n      parameters:\n        - name: orderId\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: cancelled}\n", "")],
     base_edits=[("      operationId: cancelOrder\n", "      operationId: cancelOrder\n      deprecated: true\n      x-sunset: \"2099-01-01\"\n")])
case('path-removed', 'api-path-removed-without-deprecation', 'error', 1,
     [("  /catalog:\n    get:\n      operationId: browseCatalog\n      security: []\n      responses:\n        \"200\":\n          description: products\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {type: string}\n", "")])
case('request-property-became-required', 'request-property-became-required', 'error', 1,
     [("required: [sku, quantity]", "required: [sku, quantity, note]")])
case('request-property-renamed', 'new-required-request-property', 'error', 1,
     [("required: [sku, quantity]", "required: [productSku, quantity]"),
      ('        sku: {type: string, pattern: "^[A-Z0-9-]+$"}', '        productSku: {type: string, pattern: "^[A-Z0-9-]+$"}')])
case('required-query-parameter-added', 'new-required-request-parameter', 'error', 1,
     [("        - name: status\n", "        - name: region\n          in: query\n          required: true\n          schema: {type: string}\n        - name: status\n")])
case('path-parameter-type-changed', 'request-parameter-type-changed', 'error', 1,
     [("{type: string, maxLength: 64}", "{type: integer}")])
case('response-success-status-removed', 'response-success-status-removed', 'error', 1,
     [('        "201":\n          description: placed', '        "202":\n          description: placed')])
case('operation-added', 'endpoint-added', 'info', 0,
     [("  /catalog:\n", "  /reports:\n    get:\n      operationId: listReports\n      security:\n        - oauth: [reports/read]\n      responses:\n        \"200\": {description: reports}\n  /catalog:\n")])
case('response-field-added', 'response-optional-property-added', 'info', 0,
     [("        total: {type: number}\n", "        total: {type: number}\n        currency: {type: string}\n")])
case('request-maximum-raised', 'request-property-max-increased', 'info', 0,
     [("maximum: 50", "maximum: 99")])
case('operation-deprecated-with-sunset', 'endpoint-deprecated-with-sunset', 'info', 0,
     [("      operationId: cancelOrder\n", "      operationId: cancelOrder\n      deprecated: true\n      x-sunset: \"2027-06-30\"\n")])
case('operation-deprecated-without-sunset', 'endpoint-deprecated', 'info', 0,
     [("      operationId: cancelOrder\n", "      operationId: cancelOrder\n      deprecated: true\n")])
case('parameter-deprecated', 'request-parameter-deprecated', 'info', 0,
     [("        - name: status\n          in: query\n", "        - name: status\n          in: query\n          deprecated: true\n")])
case('scope-added-acknowledged', 'specgate-scopes-changed', 'error', 0,
     [(POST_SEC, "      operationId: placeOrder\n      security:\n        - oauth: [orders/write, reports/read]\n")],
     accept="version: 1\naccept:\n  - operation: placeOrder\n    rule: specgate-scopes-changed\n    reason: every client that places orders was given reports/read in release 41\n  - operation: POST /orders\n    rule: request-property-max-decreased\n    reason: stale entry the gate reports as unused\n")
case('unchanged', '', 'info', 0, [], none=True)
case('description-only', 'none', 'info', 0, [("description: the order", "description: one order, as stored")], none=True)

# The generated identity (what deploy emits to Cognito), not spec keywords.
CC_FLOW = "        clientCredentials:\n          tokenUrl: https://auth.example.com/oauth2/token\n          scopes:\n            orders/read: read orders\n            orders/write: place orders\n            reports/read: read reports\n"
AC_FLOW = "        authorizationCode:\n          authorizationUrl: https://auth.example.com/oauth2/authorize\n          tokenUrl: https://auth.example.com/oauth2/token\n          scopes:\n            orders/read: read orders\n            orders/write: place orders\n"
case('client-credentials-flow-removed', 'specgate-app-client-removed', 'error', 1, [(CC_FLOW, "")])
case('authorization-code-flow-removed', 'specgate-app-client-removed', 'error', 1, [(AC_FLOW, "")])
case('client-loses-scope', 'specgate-client-scope-removed', 'error', 1,
     [("            orders/write: place orders\n            reports/read", "            reports/read")])
case('resource-server-removed', 'specgate-resource-server-removed', 'error', 1,
     [("            reports/read: read reports\n", "")])

# Request-side tightenings the validation comparison must see (each turns a
# 200 into a 400), and a change it cannot prove harmless.
IDS = "        - name: status\n"
IDS_PARAM = "        - name: ids\n          in: query\n          style: form\n          explode: false\n          schema: {type: array, items: {type: integer}}\n        - name: status\n"
case('query-explode-changed', 'specgate-request-constraint-tightened', 'error', 1,
     [("          explode: false\n", "          explode: true\n")], base_edits=[(IDS, IDS_PARAM)])
case('query-style-changed', 'specgate-request-constraint-tightened', 'error', 1,
     [("          style: form\n", "          style: pipeDelimited\n")], base_edits=[(IDS, IDS_PARAM)])
case('request-not-added', 'specgate-request-constraint-tightened', 'error', 1,
     [("      required: [sku, quantity]\n", "      required: [sku, quantity]\n      not: {required: [note]}\n")])
case('request-additional-properties-typed', 'specgate-request-constraint-tightened', 'error', 1,
     [("      additionalProperties: {}\n", "      additionalProperties: {type: integer}\n")],
     base_edits=[("      required: [sku, quantity]\n", "      required: [sku, quantity]\n      additionalProperties: {}\n")])
PAY_BASE = ("        gift: {type: boolean}\n",
            "        gift: {type: boolean}\n        payment:\n          oneOf:\n            - $ref: \"#/components/schemas/CardPayment\"\n            - $ref: \"#/components/schemas/InvoicePayment\"\n          discriminator:\n            propertyName: kind\n            mapping:\n              card: \"#/components/schemas/CardPayment\"\n              invoice: \"#/components/schemas/InvoicePayment\"\n"
            "    CardPayment:\n      type: object\n      required: [kind, last4]\n      properties:\n        kind: {type: string}\n        last4: {type: string}\n"
            "    InvoicePayment:\n      type: object\n      required: [kind, vatId]\n      properties:\n        kind: {type: string}\n        vatId: {type: string}\n")
case('request-discriminator-mapping-changed', 'specgate-request-constraint-tightened', 'error', 1,
     [("              card: \"#/components/schemas/CardPayment\"\n", "              card: \"#/components/schemas/InvoicePayment\"\n")], base_edits=[PAY_BASE])
case('request-unevaluated-properties-added', 'specgate-request-constraint-tightened', 'error', 1,
     [("      required: [sku, quantity]\n", "      required: [sku, quantity]\n      unevaluatedProperties: false\n")],
     base_edits=[("openapi: 3.0.3", "openapi: 3.1.0")])
CONTACT = ("        gift: {type: boolean}\n", "        gift: {type: boolean}\n        contact:\n          oneOf:\n            - {type: string, maxLength: 5}\n            - {type: string, pattern: \"^[0-9]+$\"}\n")
case('request-one-of-alternative-loosened', 'specgate-request-schema-changed', 'error', 1,
     [("{type: string, maxLength: 5}", "{type: string, maxLength: 10}")], base_edits=[CONTACT])
case('request-property-added-to-open-object', '', 'info', 0,
     [("        gift: {type: boolean}\n", "        gift: {type: boolean}\n        wrapping: {type: string}\n")], absent='specgate-request-constraint-tightened')

# Optional auth: a caller without a token still passes.
case('public-becomes-optional-auth', '', 'info', 0,
     [("      operationId: browseCatalog\n      security: []\n", "      operationId: browseCatalog\n      security:\n        - {}\n        - oauth: [orders/read]\n")],
     absent='specgate-operation-secured')

# Responses: every way a field or a guarantee is lost.
ORDER = "    Order:\n      type: object\n      required: [id, sku, quantity, status]\n      properties:\n        id: {type: string}\n        sku: {type: string}\n        quantity: {type: integer}\n        status: {type: string}\n        total: {type: number}\n"
ORDER_ALLOF = "    Order:\n      allOf:\n        - $ref: \"#/components/schemas/OrderCore\"\n        - type: object\n          required: [status]\n          properties:\n            status: {type: string}\n            total: {type: number}\n    OrderCore:\n      type: object\n      required: [id, sku, quantity]\n      properties:\n        id: {type: string}\n        sku: {type: string}\n        quantity: {type: integer}\n"
case('response-all-of-removed', 'specgate-response-field-changed', 'error', 1,
     [("    Order:\n      allOf:\n        - $ref: \"#/components/schemas/OrderCore\"\n        - type: object\n          required: [status]\n          properties:\n            status: {type: string}\n            total: {type: number}\n",
       "    Order:\n      $ref: \"#/components/schemas/OrderCore\"\n")], base_edits=[(ORDER, ORDER_ALLOF)])
ORDER_ONEOF = "    Order:\n      oneOf:\n        - $ref: \"#/components/schemas/OrderCore\"\n        - type: object\n          required: [id, refund]\n          properties:\n            id: {type: string}\n            refund: {type: number}\n    OrderCore:\n      type: object\n      required: [id, sku, quantity]\n      properties:\n        id: {type: string}\n        sku: {type: string}\n        quantity: {type: integer}\n"
case('response-one-of-alternative-removed', 'specgate-response-field-changed', 'error', 1,
     [("        - type: object\n          required: [id, refund]\n          properties:\n            id: {type: string}\n            refund: {type: number}\n", "")], base_edits=[(ORDER, ORDER_ONEOF)])
case('response-required-became-optional', 'specgate-response-field-changed', 'error', 1,
     [("      required: [id, sku, quantity, status]\n", "      required: [id, sku, quantity]\n")])

# What callers and subscribers reach besides operations: response media
# types, the servers' hosts, callbacks.
PLACED = "      responses:\n        \"201\":\n          description: placed\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Order\"}\n"
CSV = "            text/csv:\n              schema: {type: string}\n"
case('response-media-type-removed', 'specgate-response-field-changed', 'error', 1,
     [(CSV, "")], base_edits=[(PLACED, PLACED + CSV)])
case('response-media-type-changed', 'specgate-response-field-changed', 'error', 1,
     [(CSV, "            text/plain:\n              schema: {type: string}\n")], base_edits=[(PLACED, PLACED + CSV)])
case('server-host-changed', 'specgate-server-changed', 'warning', 0,
     [("  - url: https://api.example.com/v1\n", "  - url: https://api.example.net/v1\n")])
case('server-host-changed-fail-on-warning', 'specgate-server-changed', 'warning', 1,
     [("  - url: https://api.example.com/v1\n", "  - url: https://api.example.net/v1\n")], fail_on='warning')
case('server-added', '', 'info', 0,
     [("  - url: https://api.example.com/v1\n", "  - url: https://api.example.com/v1\n  - url: https://eu.example.com/v1\n")], none=True)
CALLBACK = ("      callbacks:\n        orderShipped:\n          \"{$request.body#/callbackUrl}\":\n            post:\n"
            "              requestBody:\n                content:\n                  application/json:\n"
            "                    schema: {type: object, required: [id], properties: {id: {type: string}}}\n"
            "              responses: {\"204\": {description: received}}\n")
case('callback-removed', 'specgate-callback-removed', 'error', 1,
     [(CALLBACK, "")], base_edits=[(PLACED, CALLBACK + PLACED)])
case('callback-payload-changed', 'specgate-callback-changed', 'error', 1,
     [("properties: {id: {type: string}}}", "properties: {id: {type: integer}}}")], base_edits=[(PLACED, CALLBACK + PLACED)])
case('callback-described', '', 'info', 0,
     [("description: received}", "description: the shipment was received}")], base_edits=[(PLACED, CALLBACK + PLACED)], none=True)

import shutil
shutil.rmtree(root, ignore_errors=True)
for name, (b, nw, rule, level, exit, accept, fail_on, none, absent) in sorted(cases.items()):
    d = os.path.join(root, name)
    os.makedirs(d)
    if b is not None:
        open(os.path.join(d, 'base.yaml'), 'w').write(b)
    open(os.path.join(d, 'new.yaml'), 'w').write(nw)
    w = []
    if none:
        w.append('changes: none')
    elif absent:
        w.append('absent: %s' % absent)
    else:
        w.append('rule: %s' % rule)
        w.append('level: %s' % level)
    w.append('exit: %d' % exit)
    if fail_on:
        w.append('failOn: %s' % fail_on)
    open(os.path.join(d, 'want.yaml'), 'w').write('\n'.join(w) + '\n')
    if accept:
        open(os.path.join(d, 'accept.yaml'), 'w').write(accept)
print(len(cases))
