package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// apiWorld is two clinicians, each with one client who has an account, and
// a module and a worksheet assigned to each client.
type apiWorld struct {
	h                        *harness
	clin, clin2              auth.Actor
	client, client2          client.Client
	module, sheet            int64 // clin's client's assignments
	module2, sheet2          int64 // clin2's client's assignments
	asClin, asClin2          *browser
	asClient, asClient2      *browser
	asAdmin                  *browser
	clinEmail, client1Email  string
	clin2Email, client2Email string
}

const (
	apiModuleSlug = "what-is-aftercare"
	apiSheetSlug  = "feelings-after-intimacy"
)

func newAPIWorld(t *testing.T) *apiWorld {
	t.Helper()
	h := newHarness(t)
	w := &apiWorld{h: h, clinEmail: "clin@example.test", clin2Email: "clin2@example.test",
		client1Email: "client@example.test", client2Email: "client2@example.test"}
	h.user(auth.RoleAdmin, "admin@example.test")
	w.clin, w.clin2 = h.clinician(w.clinEmail), h.clinician(w.clin2Email)
	w.client = h.clientWithAccount(w.clin, "Robin", w.client1Email)
	w.client2 = h.clientWithAccount(w.clin2, "Sam", w.client2Email)
	w.module = h.assign(w.clin, w.client.ID, assignment.KindModule, apiModuleSlug)
	w.sheet = h.assign(w.clin, w.client.ID, assignment.KindWorksheet, apiSheetSlug)
	w.module2 = h.assign(w.clin2, w.client2.ID, assignment.KindModule, apiModuleSlug)
	w.sheet2 = h.assign(w.clin2, w.client2.ID, assignment.KindWorksheet, apiSheetSlug)
	w.asClin, w.asClin2 = h.signedIn(w.clinEmail), h.signedIn(w.clin2Email)
	w.asClient, w.asClient2 = h.signedIn(w.client1Email), h.signedIn(w.client2Email)
	w.asAdmin = h.signedIn("admin@example.test")
	return w
}

// apiRoutes lists every registered /api/ route with sample path values.
func apiRoutes(h *harness) [][2]string {
	var out [][2]string
	for _, r := range h.app.Server.Engine().Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		p := strings.NewReplacer(":id", "1", ":slug", "what-is-aftercare").Replace(r.Path)
		out = append(out, [2]string{r.Method, p})
	}
	return out
}

func TestAPI_EveryRouteDeclaresARule(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	routes := 0
	for _, r := range h.app.Server.Engine().Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		routes++
		rule, ok := h.app.Server.Access(r.Method, r.Path)
		if !ok || rule.IsPublic() {
			t.Errorf("%s %s: rule %v (declared %v); every API route needs sign-in and a rule", r.Method, r.Path, rule, ok)
		}
	}
	if routes < 14 {
		t.Fatalf("only %d API routes registered", routes)
	}
}

func TestAPI_Anonymous_Gets401Problem(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, r := range apiRoutes(h) {
		t.Run(r[0]+" "+r[1], func(t *testing.T) {
			body := ""
			if r[0] != http.MethodGet {
				body = "{}"
			}
			res := h.browser().api(r[0], r[1], body)
			wantProblem(t, res, http.StatusUnauthorized)
			if res.Header.Get("Location") != "" {
				t.Fatal("an API request was redirected to the sign-in page")
			}
		})
	}
}

func TestAPI_WrongRole_Gets403Problem(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	// Which roles each route admits; every other role must get 403.
	allowed := map[string][]auth.Role{
		"GET /api/v1/practice/safety":              {auth.RoleAdmin, auth.RoleClinician, auth.RoleClient},
		"GET /api/v1/modules":                      {auth.RoleAdmin, auth.RoleClinician, auth.RoleClient},
		"GET /api/v1/modules/:slug":                {auth.RoleAdmin, auth.RoleClinician, auth.RoleClient},
		"GET /api/v1/worksheets":                   {auth.RoleAdmin, auth.RoleClinician},
		"GET /api/v1/worksheets/:slug":             {auth.RoleAdmin, auth.RoleClinician},
		"GET /api/v1/clients":                      {auth.RoleClinician},
		"POST /api/v1/clients":                     {auth.RoleClinician},
		"GET /api/v1/clients/:id":                  {auth.RoleClinician},
		"GET /api/v1/clients/:id/assignments":      {auth.RoleClinician},
		"POST /api/v1/clients/:id/assignments":     {auth.RoleClinician},
		"GET /api/v1/assignments/:id":              {auth.RoleClinician},
		"PATCH /api/v1/assignments/:id":            {auth.RoleClinician},
		"POST /api/v1/assignments/:id/withdraw":    {auth.RoleClinician},
		"POST /api/v1/assignments/:id/restore":     {auth.RoleClinician},
		"POST /api/v1/assignments/:id/stop-repeat": {auth.RoleClinician},
		"GET /api/v1/queue":                        {auth.RoleClinician},
		"GET /api/v1/me/assignments":               {auth.RoleClient},
		"GET /api/v1/me/assignments/:id":           {auth.RoleClient},
		"POST /api/v1/me/assignments/:id/read":     {auth.RoleClient},
		"PUT /api/v1/me/assignments/:id/response":  {auth.RoleClient},
	}
	as := map[auth.Role]*browser{auth.RoleAdmin: w.asAdmin, auth.RoleClinician: w.asClin, auth.RoleClient: w.asClient}
	seen := 0
	for _, r := range w.h.app.Server.Engine().Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		seen++
		roles, ok := allowed[r.Method+" "+r.Path]
		if !ok {
			t.Errorf("%s %s is not in this test's table", r.Method, r.Path)
			continue
		}
		path := strings.NewReplacer(":id", "1", ":slug", apiModuleSlug).Replace(r.Path)
		for role, b := range as {
			body := ""
			if r.Method != http.MethodGet {
				body = "{}"
			}
			res := b.api(r.Method, path, body)
			permitted := false
			for _, p := range roles {
				permitted = permitted || p == role
			}
			if permitted && (res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized) {
				t.Errorf("%s %s as %s: %d, want it allowed", r.Method, path, role, res.StatusCode)
			}
			if !permitted {
				t.Run(string(role)+" "+r.Method+" "+r.Path, func(t *testing.T) { wantProblem(t, res, http.StatusForbidden) })
			}
		}
	}
	if seen != len(allowed) {
		t.Errorf("%d API routes registered, table has %d", seen, len(allowed))
	}
}

type apiModuleSummary struct {
	Slug           string   `json:"slug"`
	Title          string   `json:"title"`
	Summary        string   `json:"summary"`
	Topics         []string `json:"topics"`
	ReadingMinutes int      `json:"reading_minutes"`
	Version        int      `json:"version"`
}

type apiModule struct {
	apiModuleSummary
	Body        string `json:"body"`
	ContentNote string `json:"content_note"`
	References  []struct {
		Key     string `json:"key"`
		Authors []struct {
			Family string `json:"family"`
			Given  string `json:"given"`
		} `json:"authors"`
		Year   int    `json:"year"`
		DOI    string `json:"doi"`
		APA    string `json:"apa"`
		DOIURL string `json:"doi_url"`
	} `json:"references"`
}

func slugs(list []apiModuleSummary) map[string]bool {
	out := map[string]bool{}
	for _, m := range list {
		out[m.Slug] = true
	}
	return out
}

func TestAPI_Modules_ListFilterAndGet(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "clin@example.test")
	h.user(auth.RoleAdmin, "admin@example.test")
	for _, email := range []string{"clin@example.test", "admin@example.test"} {
		t.Run(email, func(t *testing.T) {
			b := h.signedIn(email)
			all := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules", ""), http.StatusOK)
			if len(all) < 10 || !slugs(all)[apiModuleSlug] {
				t.Fatalf("library lists %d modules: %+v", len(all), all)
			}
			for _, m := range all {
				if m.Title == "" || m.Version < 1 || m.ReadingMinutes < 1 || m.Topics == nil {
					t.Errorf("incomplete summary %+v", m)
				}
			}
			kink := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules?topic=kink", ""), http.StatusOK)
			if len(kink) == 0 || len(kink) >= len(all) {
				t.Fatalf("topic=kink gave %d of %d", len(kink), len(all))
			}
			for _, m := range kink {
				if !strings.Contains(strings.Join(m.Topics, ","), "kink") {
					t.Errorf("topic filter let through %s %v", m.Slug, m.Topics)
				}
			}
			found := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules?q=aftercare+kink", ""), http.StatusOK)
			if len(found) == 0 {
				t.Fatal("search found nothing")
			}
			none := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules?topic=no-such-topic", ""), http.StatusOK)
			if none == nil || len(none) != 0 {
				t.Fatalf("empty result must be [], got %v", none)
			}

			m := wantJSON[apiModule](t, b.api(http.MethodGet, "/api/v1/modules/"+apiModuleSlug, ""), http.StatusOK)
			if m.Slug != apiModuleSlug || !strings.Contains(m.Body, "## ") || len(m.References) == 0 {
				t.Fatalf("module %+v", m.apiModuleSummary)
			}
			ref := m.References[0]
			if ref.Key != "muise2014" || ref.DOIURL != "https://doi.org/10.1007/s10508-014-0305-3" ||
				!strings.HasPrefix(ref.APA, "Muise, A., Giang, E., & Impett, E. A. (2014).") || !strings.HasSuffix(ref.APA, ref.DOIURL) ||
				len(ref.Authors) != 3 || ref.Year != 2014 {
				t.Fatalf("reference %+v", ref)
			}
			wantProblem(t, b.api(http.MethodGet, "/api/v1/modules/no-such-module", ""), http.StatusNotFound)
		})
	}
}

func TestAPI_Modules_ClientSeesOnlyAssigned(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	clin := h.clinician("clin@example.test")
	cl := h.clientWithAccount(clin, "Robin", "client@example.test")
	b := h.signedIn("client@example.test")
	if list := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules", ""), http.StatusOK); len(list) != 0 {
		t.Fatalf("client with nothing assigned sees %d modules", len(list))
	}
	unassigned := b.api(http.MethodGet, "/api/v1/modules/"+apiModuleSlug, "")
	missing := b.api(http.MethodGet, "/api/v1/modules/no-such-module", "")
	wantProblem(t, unassigned, http.StatusNotFound)
	if unassigned.Body != missing.Body {
		t.Fatalf("unassigned %s and missing %s modules answer differently", unassigned.Body, missing.Body)
	}
	h.assign(clin, cl.ID, assignment.KindModule, apiModuleSlug)
	list := wantJSON[[]apiModuleSummary](t, b.api(http.MethodGet, "/api/v1/modules", ""), http.StatusOK)
	if len(list) != 1 || list[0].Slug != apiModuleSlug {
		t.Fatalf("client sees %+v, want only the assigned module", list)
	}
	m := wantJSON[apiModule](t, b.api(http.MethodGet, "/api/v1/modules/"+apiModuleSlug, ""), http.StatusOK)
	if m.Body == "" || len(m.References) == 0 {
		t.Fatalf("assigned module %+v", m)
	}
}

type apiWorksheetSummary struct {
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Version int    `json:"version"`
}

type apiWorksheet struct {
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Version int    `json:"version"`
	Schema  struct {
		Slug     string `json:"slug"`
		Sections []struct {
			Fields []struct {
				ID       string `json:"id"`
				Type     string `json:"type"`
				Required bool   `json:"required"`
			} `json:"fields"`
		} `json:"sections"`
		Flags []struct {
			Field string `json:"field"`
			Op    string `json:"op"`
		} `json:"flags"`
	} `json:"schema"`
}

func TestAPI_Worksheets_ListAndGet(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "clin@example.test")
	h.user(auth.RoleAdmin, "admin@example.test")
	for _, email := range []string{"clin@example.test", "admin@example.test"} {
		t.Run(email, func(t *testing.T) {
			b := h.signedIn(email)
			list := wantJSON[[]apiWorksheetSummary](t, b.api(http.MethodGet, "/api/v1/worksheets", ""), http.StatusOK)
			found := false
			for _, w := range list {
				found = found || w.Slug == apiSheetSlug
			}
			if len(list) < 5 || !found {
				t.Fatalf("worksheets %+v", list)
			}
			w := wantJSON[apiWorksheet](t, b.api(http.MethodGet, "/api/v1/worksheets/"+apiSheetSlug, ""), http.StatusOK)
			if w.Slug != apiSheetSlug || w.Schema.Slug != apiSheetSlug || w.Version < 1 || len(w.Schema.Sections) != 2 ||
				w.Schema.Sections[0].Fields[3].ID != "feelings" || !w.Schema.Sections[0].Fields[3].Required || len(w.Schema.Flags) != 9 {
				t.Fatalf("worksheet %+v", w)
			}
			wantProblem(t, b.api(http.MethodGet, "/api/v1/worksheets/no-such-sheet", ""), http.StatusNotFound)
		})
	}
}
