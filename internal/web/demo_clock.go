package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// POST /demo/clock (days, 1 to 60): move the demo clock forward and run the
// schedule at once, so a demo or a browser journey sees next week's
// homework now. Exists only when TEND_DEMO and TEND_DEMO_CLOCK are both on
// (config refuses TEND_DEMO_CLOCK otherwise, and in production); else 404.
func (s *Server) demoClock(c *gin.Context) {
	if s.DemoClock == nil {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	days, err := strconv.Atoi(c.PostForm("days"))
	if err != nil || days < 1 || days > 60 {
		s.renderError(c, http.StatusUnprocessableEntity)
		return
	}
	s.DemoClock.Advance(time.Duration(days) * 24 * time.Hour)
	if s.Tick != nil {
		if err := s.Tick(c.Request.Context()); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.Log.Info("demo clock moved", "days", days, "now", s.Now())
	s.flash(c, "The demo clock moved "+strconv.Itoa(days)+" days forward: it is now "+s.Now().Format("Mon 2 Jan 2006")+".")
	back := c.PostForm("back")
	if back == "" || back[0] != '/' || (len(back) > 1 && (back[1] == '/' || back[1] == '\\')) {
		back = "/"
	}
	c.Redirect(http.StatusSeeOther, back)
}
