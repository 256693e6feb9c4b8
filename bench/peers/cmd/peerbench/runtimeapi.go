package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// runtimeAPI is a small stand-in for the Lambda Runtime API on a free
// 127.0.0.1 port: it notes when a bootstrap first asks for work (the end of
// its init) and hands out the invocations the driver queues.
type runtimeAPI struct {
	addr string
	srv  *http.Server

	mu  sync.Mutex
	cur *apiSession
}

// apiSession belongs to one bootstrap process, so that a request of a process
// already killed never takes an event meant for the next one.
type apiSession struct {
	next    chan time.Time  // arrival of each GET .../invocation/next
	events  chan invocation // what the next /next answers
	results chan result     // what the bootstrap posted
}

type invocation struct {
	id   string
	body []byte
}

type result struct {
	id   string
	body []byte
	at   time.Time
	err  bool // posted to .../error
}

func newRuntimeAPI() (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := &runtimeAPI{addr: ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", a.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) { a.post(w, r, false) })
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", func(w http.ResponseWriter, r *http.Request) { a.post(w, r, true) })
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", func(w http.ResponseWriter, r *http.Request) { a.post(w, r, true) })
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go a.srv.Serve(ln)
	return a, nil
}

func (a *runtimeAPI) close() { a.srv.Close() }

// session starts the session of a new process.
func (a *runtimeAPI) session() *apiSession {
	s := &apiSession{next: make(chan time.Time, 1024), events: make(chan invocation), results: make(chan result, 16)}
	a.mu.Lock()
	a.cur = s
	a.mu.Unlock()
	return s
}

func (a *runtimeAPI) current() *apiSession {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cur
}

func (a *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	t := time.Now()
	s := a.current()
	if s == nil {
		http.Error(w, "no session", http.StatusServiceUnavailable)
		return
	}
	select {
	case s.next <- t:
	default:
	}
	select {
	case inv := <-s.events:
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench")
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
		h.Set("Content-Type", "application/json")
		w.Write(inv.body)
	case <-r.Context().Done():
	}
}

func (a *runtimeAPI) post(w http.ResponseWriter, r *http.Request, isErr bool) {
	body, _ := io.ReadAll(r.Body)
	at := time.Now()
	w.WriteHeader(http.StatusAccepted)
	if s := a.current(); s != nil {
		select {
		case s.results <- result{id: r.PathValue("id"), body: body, at: at, err: isErr}:
		default:
		}
	}
}

// invoke hands one event to the waiting bootstrap and returns the time to
// its answer.
func (s *apiSession) invoke(ctx context.Context, id string, event []byte, exited <-chan struct{}) (time.Duration, []byte, error) {
	t0 := time.Now()
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case s.events <- invocation{id: id, body: event}:
	case <-exited:
		return 0, nil, errors.New("the bootstrap exited")
	case <-timeout.C:
		return 0, nil, errors.New("the bootstrap did not ask for the next invocation within 30 s")
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	select {
	case res := <-s.results:
		if res.err {
			return 0, nil, fmt.Errorf("the bootstrap reported an error: %s", res.body)
		}
		if res.id != id {
			return 0, nil, fmt.Errorf("answer for %s, want %s", res.id, id)
		}
		return res.at.Sub(t0), res.body, nil
	case <-exited:
		return 0, nil, errors.New("the bootstrap exited")
	case <-timeout.C:
		return 0, nil, errors.New("the bootstrap did not answer within 30 s")
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
}
