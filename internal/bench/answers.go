package bench

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/worksheet"
)

// ReflectionSlug is the worksheet whose answers the seeded practice holds:
// the one clients fill in most, and the one whose scales make the charts.
const ReflectionSlug = "after-intimacy-reflection"

// Phrases for the free-text questions, written the way clients write: short,
// plain, sometimes unfinished. Combined at random, they give answers of
// realistic length (a sentence to a short paragraph) without repeating one
// fixed string in every row.
var (
	helped = []string{
		"Lying close for a while without talking, then a glass of water.",
		"We stayed in bed and talked about nothing in particular.",
		"A warm shower together and clean sheets.",
		"My partner asked how I was, and actually waited for the answer.",
		"Being held. Just that.",
		"Having a snack and watching something silly afterwards.",
		"Putting on music I like and stretching for a few minutes.",
		"We laughed about the cat walking in. It broke the tension in a good way.",
		"I texted my partner the next morning and they replied straight away.",
		"Taking a few slow breaths before getting up.",
		"Wrapping up in the big blanket on the sofa.",
		"They told me what they enjoyed, which felt reassuring.",
		"Time on my own afterwards, which I asked for and got.",
		"A cup of tea brought to me without asking.",
		"Going for a short walk together the next day.",
	}
	missing = []string{
		"I wanted to say how I felt but did not know how to start.",
		"More time before one of us picked up a phone.",
		"I'd have liked a bit more touch afterwards.",
		"Talking about it the next day, not just moving on.",
		"Some reassurance that it was OK for me too.",
		"I rushed off to work; next time I'd like to plan a slower morning.",
		"Asking for what I need instead of hoping they'd guess.",
		"Nothing really, it felt good.",
		"A clearer check-in about whether we were both still comfortable.",
		"Less worry about getting everything right.",
	}
	difficult = []string{
		"A little flat the next morning, but it passed.",
		"Some sadness that I could not explain.",
		"I felt far away for an hour or so.",
		"Worry that I had disappointed them.",
		"Old shame came up, the familiar kind.",
		"Irritable, and then guilty for being irritable.",
		"Tearful in the shower. Not bad tears exactly.",
		"A bit anxious about whether we'd talk about it.",
	}
)

// reflection returns one client's answers to the after-intimacy reflection,
// in the forms the app stores (worksheet.Answers: scales as int, text as
// typed), for an intimate moment on day. Most answers are calm; about one in
// ten is distressed or asks to talk in session, so flags come out in the
// proportion a practice sees. draft returns only the first few answers, as
// a half-finished form would.
func reflection(r *rand.Rand, day time.Time, draft bool) worksheet.Answers {
	a := worksheet.Answers{"date": day.Format(worksheet.DateLayout)}
	before := 3 + r.IntN(6)
	a["mood_before"] = before
	if draft {
		if r.IntN(2) == 0 {
			a["what_helped"] = pick(r, helped, 1)
		}
		return a
	}
	after := min(10, max(0, before+r.IntN(5)-1))
	a["mood_after"] = after
	if r.IntN(10) < 9 {
		a["closeness"] = 2 + r.IntN(9)
	}
	distress := r.IntN(5)
	if r.IntN(100) < 8 {
		distress = 7 + r.IntN(4)
	}
	a["distress"] = distress
	switch n := r.IntN(10); {
	case n < 1 || distress >= 7:
		a["want_to_discuss"] = "yes"
	case n < 6:
		a["want_to_discuss"] = "no"
	}
	if r.IntN(10) < 8 {
		a["what_helped"] = pick(r, helped, 1+r.IntN(2))
	}
	if r.IntN(10) < 6 {
		a["what_was_missing"] = pick(r, missing, 1+r.IntN(2))
	}
	if distress >= 4 || r.IntN(10) < 2 {
		a["difficult_feelings"] = pick(r, difficult, 1+r.IntN(2))
	}
	return a
}

func pick(r *rand.Rand, from []string, n int) string {
	parts := make([]string, 0, n)
	for range n {
		parts = append(parts, from[r.IntN(len(from))])
	}
	return strings.Join(parts, " ")
}

var (
	firstNames = []string{"Alex", "Sam", "Jordan", "Riley", "Casey", "Morgan", "Quinn", "Avery", "Jamie", "Robin",
		"Noor", "Mateo", "Aisha", "Chloé", "Dmitri", "Freya", "Hana", "Ingrid", "Kwame", "Leila", "Marisol", "Niamh",
		"Oskar", "Priya", "Rafael", "Saoirse", "Tomás", "Yusuf", "Zoë", "Björn"}
	lastInitials  = "ABCDEFGHIJKLMNOPRSTVWZ"
	clinicianLast = []string{"Rivera", "Haddad", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Ó Briain",
		"Castillo", "Fischer", "Mensah", "Kowalski", "Ahmed", "Jensen", "Rossi"}
	comments = []string{
		"Thank you for writing this. I noticed how much the quiet time helped. Let's talk about it on Thursday.",
		"This is a really honest reflection. The part about not knowing how to start is worth exploring together.",
		"Good to see the mood afterwards going up. What do you think made the difference this time?",
		"I'm glad you asked for time on your own, and that you got it. That is aftercare too.",
		"Let's make some room for this in our next session.",
		"You named the feeling clearly. That is not easy.",
	}
	replies = []string{
		"Thanks, yes, I'd like that.",
		"I think it was mostly the not rushing.",
		"OK. I'll bring it up on Thursday.",
	}
	notes = []string{"", "", "", "Take this one slowly.", "Fill it in after the next time, whenever that is.",
		"No need to write much.", "A gentle start. Notice what feels familiar."}
)

// ReflectionForm is a completed after-intimacy reflection as the browser
// posts it: one form value per field id, scales as the radio buttons send
// them.
func ReflectionForm(seed uint64, day time.Time) url.Values {
	r := rand.New(rand.NewPCG(seed, 2))
	form := url.Values{}
	for id, v := range reflection(r, day, false) {
		switch v := v.(type) {
		case int:
			form.Set(id, strconv.Itoa(v))
		case string:
			form.Set(id, v)
		}
	}
	return form
}
