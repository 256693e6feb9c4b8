package rt

import (
	"net/http"
	"net/url"
)

// CheckRequest checks req, a request to the operation whose path in the
// spec is template (such as /orders/{orderId}), with the path parameters'
// values pathVals (unescaped) and the body body, as the function checks
// the requests it serves and the local server those an existing backend
// serves: size, parameters (header and cookie ones from req.Header) and
// body. It calls no handler and sends nothing. It returns 0 and nil when
// the service would accept the request, else the status (400, 413 or 415)
// and the application/problem+json body of its refusal. A request that
// names no operation is not checked (0, nil). The generated client's
// WithRequestValidation calls it before sending. served and legacy are
// the checks of svc's routes and legacy routes.
func CheckRequest(svc *Service, served, legacy Check, template string, pathVals map[string]string, req *http.Request, body []byte) (status int, problem []byte) {
	t, check := &svc.served, served
	idx := t.index(req.Method, template)
	if idx < 0 {
		t, check = &svc.legacy, legacy
		if idx = t.index(req.Method, template); idx < 0 {
			return 0, nil
		}
	}
	query, qerr := url.ParseQuery(req.URL.RawQuery)
	r := &Request{method: req.Method, template: template, pathVals: pathVals, query: query, header: req.Header, body: body}
	if r.header == nil {
		r.header = http.Header{}
	}
	r.cookies = r.header.Values("Cookie")
	rep := Reply{}
	if qerr != nil {
		rep = badQueryReply()
	} else if len(body) > svc.spec.MaxBodyBytes {
		rep = tooLarge(svc.spec.MaxBodyBytes)
	} else {
		vals := make([]string, len(t.routes[idx].Params))
		for i, name := range t.routes[idx].Params {
			vals[i] = pathVals[name]
		}
		if p := check(idx, r, vals); len(p.Errs) > 0 {
			rep = p.Reply()
		}
	}
	if rep.status == 0 {
		return 0, nil
	}
	return rep.status, rep.body
}

// index is the index of t's route with this method and template, or -1.
func (t *table) index(method, template string) int {
	t.once.Do(t.build)
	if i, ok := t.byTmpl[routeKey{method, template}]; ok {
		return i
	}
	return -1
}
