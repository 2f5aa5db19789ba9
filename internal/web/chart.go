package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/worksheet"
)

// chartView is a scale question's answers over time, laid out for an inline
// SVG line chart (no JavaScript) with a data table beside it.
//
// The x axis is time: each point sits at the date the client gave when the
// worksheet asks for one (its first date question, see
// assignment.Series), else at the day it was submitted. For the clinician
// the worksheet's gte/lte flag rules on the question are drawn as dashed
// lines, answers that meet one are drawn as a diamond (shape as well as
// colour) and the direction of "better" is said in words. The client's own
// chart shows none of that: flags are for the clinician.
type chartView struct {
	ID         string
	Title      string
	Subtitle   string
	Width      int
	Height     int
	PlotLeft   int
	PlotRight  int
	PlotBottom int
	Line       string // polyline points
	Dots       []chartDot
	YTicks     []chartTick
	XTicks     []chartTick
	Thresholds []chartThreshold
	Better     string // "Higher is better." / "Lower is better." / ""
	DatedBy    string // "Dated by the answer to “Date”." / "Dated by when it was sent."
	Summary    string
	Rows       []chartRow
	Flagged    bool // some row is flagged (the table gets a column)
	MinLabel   string
	MaxLabel   string
}

type chartDot struct {
	X, Y    float64
	Label   string
	Flagged bool
	// Diamond is the flagged marker's polygon points.
	Diamond string
}

type chartTick struct {
	X, Y   float64
	Label  string
	Anchor string // SVG text-anchor of a date tick
}

type chartThreshold struct {
	Y        float64
	Label    string // "Urgent at 8 or more"
	Severity string
}

type chartRow struct {
	Date    string
	Value   int
	Flagged bool
}

const (
	chartW, chartH         = 600, 240
	padL, padR, padT, padB = 44, 16, 16, 48
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
	maxChartPoints         = 60
)

// newCharts draws every scale question answered at least twice. loc is the
// viewer's zone for submission dates; clinical adds the flag thresholds,
// flagged markers and direction of "better". l gives the words and dates
// in the viewer's language.
func newCharts(l *i18n.Localizer, series []assignment.Series, loc *time.Location, clinical bool) []chartView {
	if loc == nil {
		loc = time.UTC
	}
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
			PlotLeft: padL, PlotRight: chartW - padR, PlotBottom: padT + plotH,
			MinLabel: se.MinLabel, MaxLabel: se.MaxLabel}
		span := float64(se.Max - se.Min)
		if span <= 0 {
			span = 1
		}
		y := func(v int) float64 { return padT + plotH - float64(v-se.Min)/span*plotH }
		for _, v := range []int{se.Min, (se.Min + se.Max) / 2, se.Max} {
			cv.YTicks = append(cv.YTicks, chartTick{Y: y(v), Label: fmt.Sprint(v)})
		}
		day := func(p assignment.Point) time.Time {
			if p.ClientDated {
				return p.At.UTC() // a calendar date the client gave: no zone
			}
			return p.At.In(loc)
		}
		first, last := day(pts[0]), day(pts[len(pts)-1])
		tspan := last.Sub(first).Seconds()
		// Points stay inside the frame: an inset keeps the end markers whole.
		const inset = 12
		x0, xw := float64(padL+inset), float64(plotW-2*inset)
		x := func(j int) float64 {
			if tspan <= 0 { // all on one day: spread evenly
				return x0 + float64(j)/float64(len(pts)-1)*xw
			}
			return x0 + day(pts[j]).Sub(first).Seconds()/tspan*xw
		}
		// Dates under the axis: first, last and (when there is room) the middle.
		if tspan <= 0 || first.Format("2 Jan 2006") == last.Format("2 Jan 2006") {
			cv.XTicks = []chartTick{{X: x0 + xw/2, Label: l.T("clinician.chart.all_on", "Date", l.Date(first)), Anchor: "middle"}}
		} else {
			cv.XTicks = append(cv.XTicks, chartTick{X: x0, Label: l.DayMonth(first), Anchor: "start"})
			if last.Sub(first) >= 4*24*time.Hour {
				mid := first.Add(last.Sub(first) / 2)
				cv.XTicks = append(cv.XTicks, chartTick{X: x0 + xw/2, Label: l.DayMonth(mid), Anchor: "middle"})
			}
			cv.XTicks = append(cv.XTicks, chartTick{X: x0 + xw, Label: l.DayMonth(last), Anchor: "end"})
			if first.Year() != last.Year() {
				cv.XTicks[0].Label = l.Date(first)
				cv.XTicks[len(cv.XTicks)-1].Label = l.Date(last)
			}
		}
		var line []string
		flagged := 0
		for j, p := range pts {
			px, py := x(j), y(p.Value)
			mark := clinical && p.Flagged
			d := chartDot{X: px, Y: py, Label: l.T("clinician.chart.dot", "Date", l.Date(day(p)), "Number", p.Value), Flagged: mark}
			if mark {
				flagged++
				d.Label = l.T("clinician.chart.dot_flagged", "Date", l.Date(day(p)), "Number", p.Value)
				d.Diamond = fmt.Sprintf("%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f", px, py-8, px+8, py, px, py+8, px-8, py)
			}
			cv.Dots = append(cv.Dots, d)
			cv.Rows = append(cv.Rows, chartRow{Date: l.Date(day(p)), Value: p.Value, Flagged: mark})
			line = append(line, fmt.Sprintf("%.1f,%.1f", px, py))
		}
		cv.Line = strings.Join(line, " ")
		cv.Flagged = flagged > 0
		if se.DateLabel != "" {
			cv.DatedBy = l.T("clinician.chart.dated_by_answer", "Title", se.DateLabel)
		} else {
			cv.DatedBy = l.T("clinician.chart.dated_by_sent")
		}
		var extra []string
		if clinical {
			for _, t := range se.Thresholds {
				if t.Value < se.Min || t.Value > se.Max {
					continue
				}
				cv.Thresholds = append(cv.Thresholds, chartThreshold{Y: y(t.Value), Label: thresholdLabel(l, t), Severity: t.Severity})
				extra = append(extra, thresholdLabel(l, t))
			}
			switch se.Better {
			case "higher":
				cv.Better = l.T("clinician.chart.higher")
			case "lower":
				cv.Better = l.T("clinician.chart.lower")
			}
			if flagged > 0 {
				extra = append(extra, l.T("clinician.chart.flagged_of", "Count", flagged, "Total", len(pts)))
			}
		}
		n := len(pts)
		cv.Summary = l.T("clinician.chart.summary", "N", n, "First", l.Date(first), "Last", l.Date(last),
			"Latest", pts[n-1].Value, "Min", se.Min, "Max", se.Max)
		if len(extra) > 0 {
			cv.Summary += " " + strings.Join(extra, "; ") + "."
		}
		if cv.Better != "" {
			cv.Summary += " " + cv.Better
		}
		out = append(out, cv)
	}
	return out
}

// thresholdLabel says a flag rule in words: "Urgent at 8 or more".
func thresholdLabel(l *i18n.Localizer, t assignment.Threshold) string {
	keys, ok := thresholdKeys[t.Severity]
	if !ok {
		keys = [2]string{"clinician.chart.flag_at_or_more", "clinician.chart.flag_at_or_less"}
	}
	if t.Op == worksheet.OpGTE {
		return l.T(keys[0], "Number", t.Value)
	}
	return l.T(keys[1], "Number", t.Value)
}

// thresholdKeys are each severity's "at or more" and "at or less" keys.
var thresholdKeys = map[string][2]string{
	worksheet.SeverityUrgent:  {"clinician.chart.urgent_at_or_more", "clinician.chart.urgent_at_or_less"},
	worksheet.SeverityDiscuss: {"clinician.chart.discuss_at_or_more", "clinician.chart.discuss_at_or_less"},
	worksheet.SeverityNote:    {"clinician.chart.note_at_or_more", "clinician.chart.note_at_or_less"},
}
