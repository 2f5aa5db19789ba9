package web

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
)

func TestNewCharts_OnlyTrendsWithTheirNumbers(t *testing.T) {
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	charts := newCharts([]assignment.Series{
		{Label: "Once", Min: 0, Max: 4, Points: []assignment.Point{{At: day, Value: 3}}},
		{Label: "Distress", Min: 0, Max: 10, Points: []assignment.Point{{At: day, Value: 8}, {At: day.AddDate(0, 0, 7), Value: 2}}},
	})
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
