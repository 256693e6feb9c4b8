package client_test

// Dropped into the client package of the project generated from
// testdata/runtime/openapi.yaml by TestGeneratedRuntime: the typed client
// sends object and array parameters as the service reads them.

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"example.com/rt/api"
	"example.com/rt/client"
	"example.com/rt/local"
)

type seen struct{ req *api.ListItemsRequest }

func (s *seen) ListItems(_ context.Context, req *api.ListItemsRequest) (api.ListItemsResponse, error) {
	s.req = req
	return api.ListItems200(1), nil
}
func (*seen) GetName(context.Context, *api.GetNameRequest) (api.GetNameResponse, error) {
	return api.GetNameResponse{}, api.ErrNotImplemented
}
func (*seen) GetNote(context.Context, *api.GetNoteRequest) (api.GetNoteResponse, error) {
	return api.GetNoteResponse{}, api.ErrNotImplemented
}
func (*seen) GetStyled(context.Context, *api.GetStyledRequest) (api.GetStyledResponse, error) {
	return api.GetStyledResponse{}, api.ErrNotImplemented
}
func (*seen) Login(context.Context, *api.LoginRequest) (api.LoginResponse, error) {
	return api.LoginResponse{}, api.ErrNotImplemented
}
func (*seen) Upload(context.Context, *api.UploadRequest) (api.UploadResponse, error) {
	return api.UploadResponse{}, api.ErrNotImplemented
}
func (*seen) SetPrefs(context.Context, *api.SetPrefsRequest) (api.SetPrefsResponse, error) {
	return api.SetPrefsResponse{}, api.ErrNotImplemented
}

func TestClientSendsStyledParameters(t *testing.T) {
	h := &seen{}
	s, err := local.New(context.Background(), local.Config{Auth: local.AuthOff, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, h)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	filter, page := `{"a":3}`, `{"size":7}`
	res, err := c.ListItems(context.Background(), &api.ListItemsRequest{Filter: &filter, Page: &page, Ids: []string{"a", "b"}, Tag: []string{"x", "y"}})
	if err != nil {
		t.Fatalf("ListItems: %v", err)
	}
	if res.Status != 200 || h.req == nil {
		t.Fatalf("status %d, handler called: %v", res.Status, h.req != nil)
	}
	if h.req.Filter == nil || *h.req.Filter != `{"a":3}` || h.req.Page == nil || *h.req.Page != `{"size":7}` ||
		len(h.req.Ids) != 2 || len(h.req.Tag) != 2 {
		t.Errorf("the handler got filter %v, page %v, ids %q, tag %q", h.req.Filter, h.req.Page, h.req.Ids, h.req.Tag)
	}
	big := `{"a":9}`
	if _, err := c.ListItems(context.Background(), &api.ListItemsRequest{Filter: &big}); !client.IsStatus(err, 400) {
		t.Errorf("filter a=9 (maximum 5): err = %v, want a 400 from the service", err)
	}
}
