package handout

import (
	"bytes"
	"strings"
	"testing"
)

func jointFixture() JointInput {
	return JointInput{
		PracticeName: "Riverside Practice", ClinicianName: "Dr. Sam Rivera",
		Title: "Our aftercare plan", Partners: [2]string{"Zoë", "Jordan"},
		Audience: "For Zoë and Jordan: only what each of you chose to share.",
		Review:   JointReview{Label: "When we will look at this plan again", Agreed: "12 March 2027"},
		Sections: []JointSection{
			{Heading: "Right after", Fields: []JointField{
				{Label: "What I need right after", Answers: [2]JointAnswer{
					{Lines: []string{"Being held for ten minutes — no phones.\n\nThen a glass of water."}},
					{Lines: []string{"A few minutes alone, then tea together."}},
				}},
				{Label: "About how many minutes?", Answers: [2]JointAnswer{{Lines: []string{"10"}}, {Note: "Not shared"}}},
			}},
			{Heading: "How we check in", Fields: []JointField{
				{Label: "How we like to check in", Answers: [2]JointAnswer{{Lines: []string{"In person"}}, {Lines: []string{"By message"}}}},
			}},
		},
		PrintedOn: printed,
	}
}

func renderJoint(t *testing.T, in JointInput) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderer(t).Joint(&buf, in); err != nil {
		t.Fatalf("Joint: %v", err)
	}
	return buf.Bytes()
}

func TestJoint_BothPlansSideBySideWithAgreedDate(t *testing.T) {
	requirePDFTools(t)
	pdf := renderJoint(t, jointFixture())
	qpdfCheck(t, pdf)
	got := flat(pdfText(t, pdf))
	for _, want := range []string{"Our aftercare plan", "Zoë and Jordan", "Agreed review date: 12 March 2027",
		"Being held for ten minutes — no phones.", "Then a glass of water.", "A few minutes alone, then tea together.",
		"Not shared", "In person", "By message", "Dr. Sam Rivera", "only what each of you chose to share"} {
		if !strings.Contains(got, want) {
			t.Errorf("joint plan lacks %q in:\n%s", want, got)
		}
	}
	assertInsideMargins(t, pdf)
	// The two answers sit side by side: same line, left and right half.
	var left, right *bboxWord
	words := bboxWords(t, pdf)
	for i := range words {
		switch words[i].text {
		case "Being":
			left = &words[i]
		case "few":
			right = &words[i]
		}
	}
	if left == nil || right == nil {
		t.Fatal("answers not found in the PDF")
	}
	if right.xMin < left.pageW/2 || left.xMax > left.pageW/2 || abs(left.yMin-right.yMin) > 1 {
		t.Errorf("answers not side by side: left at (%.0f, %.0f), right at (%.0f, %.0f)", left.xMin, left.yMin, right.xMin, right.yMin)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestJoint_DifferentDatesSaySoAndLongAnswersPaginate(t *testing.T) {
	requirePDFTools(t)
	in := jointFixture()
	in.Review = JointReview{Dates: [2]string{"1 March 2027", "1 April 2027"}}
	long := strings.Repeat("A long answer that goes on for a while about what helps. ", 60)
	for i := 0; i < 6; i++ {
		in.Sections[0].Fields = append(in.Sections[0].Fields, JointField{Label: "More", Answers: [2]JointAnswer{{Lines: []string{long}}, {Lines: []string{long}}}})
	}
	pdf := renderJoint(t, in)
	qpdfCheck(t, pdf)
	got := flat(pdfText(t, pdf))
	if !strings.Contains(got, "Not agreed yet: Zoë chose 1 March 2027; Jordan chose 1 April 2027.") {
		t.Errorf("differing dates not stated:\n%s", got)
	}
	if pageCount(t, pdf) < 2 {
		t.Error("long answers did not run on to another page")
	}
	assertInsideMargins(t, pdf)
}

func TestJoint_HostileTextDoesNotBreakIt(t *testing.T) {
	in := jointFixture()
	in.Partners = [2]string{"", "\xff\x00🙂"}
	in.Sections[0].Fields[0].Answers[0].Lines = []string{strings.Repeat("x", 5000), "\x00", "🏳️‍🌈 emoji"}
	var buf bytes.Buffer
	if err := renderer(t).Joint(&buf, in); err != nil {
		t.Fatalf("Joint: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
}
