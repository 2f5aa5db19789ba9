package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/worksheet"
)

// programPage is the program editor (new or own), the read-only view of a
// built-in, and the form to give it to a client or a couple.
type programPage struct {
	Page
	Program    program.Program // ID 0: new
	Rows       []stepRow
	Form       map[string]string
	Errors     map[string]string
	Modules    []module.Summary
	Worksheets []worksheet.Summary
	Clients    []client.Client
	Couples    []program.Couple
	Today      string
	Weekdays   []string          // catalogue keys of the days, Sunday first
	WeeklyOn   []string          // catalogue keys of "weekly on <day>", Sunday first
	Titles     map[string]string // "kind:slug" -> title
}

// stepRow is one row of the step table, as typed.
type stepRow struct {
	N                                             int
	Item, Note, Rule, Days, Weekday, Weeks, Until string
}

// blankRows is how many empty step rows the editor offers beyond the steps.
const blankRows = 3

// GET /clinician/programs/new
func (s *Server) programNew(c *gin.Context) {
	s.renderProgram(c, http.StatusOK, programPage{}, nil)
}

// GET /clinician/programs/:id
func (s *Server) programShow(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	p, err := s.Programs.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if p.BuiltIn() {
		p = inLanguage(p, s.lang(c))
	}
	s.renderProgram(c, http.StatusOK, programPage{Program: p}, nil)
}

func (s *Server) renderProgram(c *gin.Context, status int, data programPage, typed []stepRow) {
	ctx, a := c.Request.Context(), actor(c)
	var err error
	if data.Modules, err = s.Modules.List(ctx, a, module.Filter{}); err != nil {
		s.fail(c, err)
		return
	}
	if data.Worksheets, err = s.Worksheets.List(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	data.Titles = map[string]string{}
	for _, m := range data.Modules {
		data.Titles["module:"+m.Slug] = m.Title
	}
	for _, w := range data.Worksheets {
		data.Titles["worksheet:"+w.Slug] = w.Title
	}
	if data.Program.ID != 0 {
		if data.Clients, err = s.Clients.List(ctx, a, false); err != nil {
			s.fail(c, err)
			return
		}
		if data.Couples, err = s.Programs.Couples(ctx, a); err != nil {
			s.fail(c, err)
			return
		}
	}
	if data.Form == nil {
		data.Form = map[string]string{"title": data.Program.Title, "description": data.Program.Description}
		if data.Program.ForCouples {
			data.Form["for_couples"] = "on"
		}
	}
	data.Rows = typed
	if data.Rows == nil {
		for i, st := range data.Program.Steps {
			data.Rows = append(data.Rows, stepRow{N: i + 1, Item: st.Kind + ":" + st.Slug, Note: st.Note, Rule: st.Rule,
				Days: strconv.Itoa(st.Days), Weekday: strconv.Itoa(st.Weekday), Weeks: strconv.Itoa(st.Weeks), Until: st.Until})
		}
	}
	for len(data.Rows) < program.MaxSteps && (data.Program.ID == 0 || !data.Program.BuiltIn()) &&
		len(data.Rows) < len(data.Program.Steps)+blankRows {
		data.Rows = append(data.Rows, stepRow{N: len(data.Rows) + 1})
	}
	data.Today = s.Now().Format("2006-01-02")
	data.Weekdays, data.WeeklyOn = weekdayNames, weeklyOn
	data.Errors = s.programErrors(c, data.Errors)
	title := s.tr(c).T("library.program.new")
	if data.Program.ID != 0 {
		title = data.Program.Title
	}
	data.Page = s.page(c, title)
	s.render(c, status, "clinician/program", data)
}

// readDraft reads the editor's form: title, description, for_couples, and
// per step N: step_N_item (kind:slug), _note, _rule, _days, _weekday,
// _weeks, _until. Rows without an item are left out.
func readDraft(c *gin.Context) (program.Draft, []stepRow, map[string]string) {
	f := c.PostForm
	d := program.Draft{Title: f("title"), Description: f("description"), ForCouples: f("for_couples") == "on"}
	var rows []stepRow
	errs := map[string]string{}
	for n := 1; n <= program.MaxSteps; n++ {
		k := fmt.Sprintf("step_%d_", n)
		r := stepRow{N: len(rows) + 1, Item: f(k + "item"), Note: f(k + "note"), Rule: f(k + "rule"), Days: f(k + "days"),
			Weekday: f(k + "weekday"), Weeks: f(k + "weeks"), Until: f(k + "until")}
		if strings.TrimSpace(r.Item) == "" {
			continue
		}
		rows = append(rows, r)
		kind, slug, _ := strings.Cut(r.Item, ":")
		st := program.Step{Kind: kind, Slug: slug, Note: r.Note, Rule: r.Rule, Until: strings.TrimSpace(r.Until)}
		var bad bool
		st.Days, bad = atoiOr0(r.Days)
		if bad {
			errs[fmt.Sprintf("step_%d_days", r.N)] = "Please enter a number of days."
		}
		st.Weekday, bad = atoiOr0(r.Weekday)
		if bad {
			errs[fmt.Sprintf("step_%d_weekday", r.N)] = "Please choose a day of the week."
		}
		st.Weeks, bad = atoiOr0(r.Weeks)
		if bad {
			errs[fmt.Sprintf("step_%d_weeks", r.N)] = "Please enter a number of weeks."
		}
		d.Steps = append(d.Steps, st)
	}
	return d, rows, errs
}

func atoiOr0(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err != nil || n < -1000 || n > 100000
}

// POST /clinician/programs: a new program of the clinician's own.
func (s *Server) programCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	d, rows, errs := readDraft(c)
	form := map[string]string{"title": c.PostForm("title"), "description": c.PostForm("description"), "for_couples": c.PostForm("for_couples")}
	var id int64
	var err error
	if len(errs) == 0 {
		id, err = s.Programs.Create(c.Request.Context(), actor(c), d)
	}
	if fe := fieldErrors(err); fe != nil {
		errs = fe
	}
	if len(errs) > 0 {
		s.renderProgram(c, http.StatusUnprocessableEntity, programPage{Form: form, Errors: errs}, rows)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("library.program.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/programs/%d", id))
}

// POST /clinician/programs/:id: a new version of the clinician's own program.
func (s *Server) programSave(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	p, err := s.Programs.Get(ctx, a, id)
	if err == nil && p.BuiltIn() {
		err = program.ErrNotFound
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d, rows, errs := readDraft(c)
	form := map[string]string{"title": c.PostForm("title"), "description": c.PostForm("description"), "for_couples": c.PostForm("for_couples")}
	if len(errs) == 0 {
		err = s.Programs.Save(ctx, a, id, d)
	}
	if fe := fieldErrors(err); fe != nil {
		errs = fe
	}
	if len(errs) > 0 {
		s.renderProgram(c, http.StatusUnprocessableEntity, programPage{Program: p, Form: form, Errors: errs}, rows)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("library.program.saved_version"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/programs/%d", id))
}
