package web

import (
	"fmt"
	"strings"

	"github.com/tend-practice/tend/internal/assignment"
)

// chartView is a scale question's answers over time, laid out for an inline
// SVG line chart (no JavaScript) with a data table beside it.
type chartView struct {
	ID       string
	Title    string
	Subtitle string
	Width    int
	Height   int
	Line     string // polyline points
	Dots     []chartDot
	YTicks   []chartTick
	Summary  string
	Rows     []assignment.Point
	MinLabel string
	MaxLabel string
}

type chartDot struct {
	X, Y  float64
	Label string
}

type chartTick struct {
	Y     float64
	Label string
}

const (
	chartW, chartH         = 600, 220
	padL, padR, padT, padB = 44, 16, 16, 28
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
	maxChartPoints         = 60
)

// newCharts draws every scale question answered at least twice.
func newCharts(series []assignment.Series) []chartView {
	out := make([]chartView, 0, len(series))
	for i, se := range series {
		// A single answer is not a trend; it is shown with the answers instead.
		if len(se.Points) < 2 {
			continue
		}
		pts := se.Points
		if len(pts) > maxChartPoints {
			pts = pts[len(pts)-maxChartPoints:]
		}
		cv := chartView{ID: fmt.Sprintf("chart-%d", i), Title: se.Label, Subtitle: se.Worksheet, Width: chartW, Height: chartH,
			Rows: pts, MinLabel: se.MinLabel, MaxLabel: se.MaxLabel}
		span := float64(se.Max - se.Min)
		if span <= 0 {
			span = 1
		}
		y := func(v int) float64 { return padT + plotH - float64(v-se.Min)/span*plotH }
		for _, v := range []int{se.Min, (se.Min + se.Max) / 2, se.Max} {
			cv.YTicks = append(cv.YTicks, chartTick{Y: y(v), Label: fmt.Sprint(v)})
		}
		var line []string
		for j, p := range pts {
			x := float64(padL)
			if len(pts) > 1 {
				x += float64(j) / float64(len(pts)-1) * plotW
			} else {
				x += plotW / 2
			}
			cv.Dots = append(cv.Dots, chartDot{X: x, Y: y(p.Value), Label: fmt.Sprintf("%s: %d", p.At.Format("2 Jan"), p.Value)})
			line = append(line, fmt.Sprintf("%.1f,%.1f", x, y(p.Value)))
		}
		cv.Line = strings.Join(line, " ")
		if n := len(pts); n > 0 {
			cv.Summary = fmt.Sprintf("%d answers from %s to %s; latest %d, on a scale from %d to %d.", n,
				pts[0].At.Format("2 Jan 2006"), pts[n-1].At.Format("2 Jan 2006"), pts[n-1].Value, se.Min, se.Max)
		}
		out = append(out, cv)
	}
	return out
}
