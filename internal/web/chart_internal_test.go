package web

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
)

func TestNewCharts_OnlyTrendsWithTheirNumbers(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	charts := newCharts(testEN, []assignment.Series{
		{Label: "Once", Min: 0, Max: 4, Points: []assignment.Point{{At: day, Value: 3}}},
		{Label: "Distress", Min: 0, Max: 10, Points: []assignment.Point{{At: day, Value: 8}, {At: day.AddDate(0, 0, 7), Value: 2}}},
	}, time.UTC, true)
	if len(charts) != 1 || charts[0].Title != "Distress" {
		t.Fatalf("charts = %+v, want only the question answered twice", charts)
	}
	c := charts[0]
	if len(c.Dots) != 2 || len(c.Rows) != 2 || !strings.Contains(c.Summary, "latest 2, on a scale from 0 to 10") {
		t.Fatalf("chart lacks its points or summary: %+v", c)
	}
	if c.Dots[0].Y >= c.Dots[1].Y {
		t.Fatalf("8 should be drawn above 2: y %v vs %v", c.Dots[0].Y, c.Dots[1].Y)
	}
}

// Points sit by date, not by index: three answers on days 0, 2 and 10 put
// the middle one a fifth of the way along, and the axis says the dates.
func TestNewCharts_XAxisIsTime(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	charts := newCharts(testEN, []assignment.Series{{Label: "Closeness", Min: 0, Max: 10, Points: []assignment.Point{
		{At: d0, Value: 3, ClientDated: true}, {At: d0.AddDate(0, 0, 2), Value: 5, ClientDated: true}, {At: d0.AddDate(0, 0, 10), Value: 7, ClientDated: true},
	}, DateLabel: "Date"}}, time.UTC, true)
	c := charts[0]
	frac := (c.Dots[1].X - c.Dots[0].X) / (c.Dots[2].X - c.Dots[0].X)
	if frac < 0.19 || frac > 0.21 {
		t.Fatalf("middle point at %.2f of the way, want 0.20 (by date)", frac)
	}
	var labels []string
	for _, tk := range c.XTicks {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, "|"); got != "2 Nov|7 Nov|12 Nov" {
		t.Fatalf("x ticks = %q, want 2 Nov|7 Nov|12 Nov", got)
	}
	if c.DatedBy != "Dated by the answer to “Date”." || c.Rows[2].Date != "12 Nov 2026" {
		t.Fatalf("dating not said or table wrong: %q %+v", c.DatedBy, c.Rows)
	}
}

// A client's date is a calendar day: a far zone must not move it, while a
// submission moment is shown in the viewer's zone.
func TestNewCharts_ClientDatesIgnoreZoneSubmissionsUseIt(t *testing.T) {
	t.Parallel()
	syd, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Skip("no tzdata")
	}
	given := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	sent := time.Date(2026, 11, 9, 20, 0, 0, 0, time.UTC) // 10 Nov in Sydney
	c := newCharts(testEN, []assignment.Series{{Label: "x", Min: 0, Max: 4, Points: []assignment.Point{
		{At: given, Value: 1, ClientDated: true}, {At: sent, Value: 2},
	}}}, syd, false)[0]
	if c.Rows[0].Date != "2 Nov 2026" || c.Rows[1].Date != "10 Nov 2026" {
		t.Fatalf("rows = %+v, want 2 Nov (client's) and 10 Nov (Sydney)", c.Rows)
	}
}

func TestNewCharts_ThresholdsFlagsAndBetterForTheClinicianOnly(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	se := assignment.Series{Label: "Distress", Min: 0, Max: 10, Better: "lower",
		Thresholds: []assignment.Threshold{{Op: "gte", Value: 8, Severity: "urgent"}, {Op: "gte", Value: 6, Severity: "discuss"}},
		Points:     []assignment.Point{{At: d0, Value: 9, Flagged: true}, {At: d0.AddDate(0, 0, 7), Value: 2}}}
	c := newCharts(testEN, []assignment.Series{se}, time.UTC, true)[0]
	if len(c.Thresholds) != 2 || c.Thresholds[0].Label != "Urgent at 8 or more" || c.Thresholds[1].Label != "Discuss at 6 or more" {
		t.Fatalf("thresholds = %+v", c.Thresholds)
	}
	if c.Thresholds[0].Y >= c.Thresholds[1].Y {
		t.Fatalf("8 line should be above the 6 line: %v vs %v", c.Thresholds[0].Y, c.Thresholds[1].Y)
	}
	if !c.Dots[0].Flagged || c.Dots[0].Diamond == "" || c.Dots[1].Flagged || !c.Rows[0].Flagged || !c.Flagged {
		t.Fatalf("flagged point not marked: %+v %+v", c.Dots, c.Rows)
	}
	if c.Better != "Lower is better." || !strings.Contains(c.Summary, "Urgent at 8 or more") || !strings.Contains(c.Summary, "1 of 2 answers flagged") {
		t.Fatalf("better/summary = %q / %q", c.Better, c.Summary)
	}
	mine := newCharts(testEN, []assignment.Series{se}, time.UTC, false)[0]
	if len(mine.Thresholds) != 0 || mine.Dots[0].Flagged || mine.Flagged || mine.Better != "" || strings.Contains(mine.Summary, "flag") {
		t.Fatalf("the client's own chart shows clinical flags: %+v", mine)
	}
	se.Better = ""
	if c := newCharts(testEN, []assignment.Series{se}, time.UTC, true)[0]; c.Better != "" {
		t.Fatalf("better = %q with no direction known", c.Better)
	}
}
