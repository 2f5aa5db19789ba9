package couple

import (
	"fmt"
	"slices"

	"github.com/tend-practice/tend/internal/worksheet"
)

// This file pairs two built-in worksheets across partners: one partner's
// "My aftercare needs" beside the other's "What I can give". Like the
// declared tension pairs in compare.go it is pure Go over schemas and
// answers, matched by field id and option value, never by free text.

// The two inventories that pair.
const (
	NeedsSlug  = "aftercare-needs-inventory"
	OffersSlug = "aftercare-giving-inventory"
)

// offerLink declares where a need in the needs inventory meets the giving
// inventory. need is a list field whose ticked option values are offered in
// the list can (and found hard in hard, when the worksheet asks); an empty
// need means the nine care-type scales, whose field ids are the option
// values of can and hard.
type offerLink struct {
	need, can, hard string
}

var offerLinks = []offerLink{
	{need: "", can: "can_give", hard: "hard_to_give"},
	{need: "sensory_likes", can: "sensory_can_offer"},
	{need: "access_needs", can: "access_can_help"},
}

// OfferStatus is what the giving partner said about one need.
type OfferStatus string

const (
	OfferCan    OfferStatus = "can"    // ticked as something they can usually give
	OfferHard   OfferStatus = "hard"   // ticked as hard to give, or can't give
	OfferUnsaid OfferStatus = "unsaid" // neither
)

// Offer is one need of one partner beside what the other can give.
type Offer struct {
	Needer, Giver string
	FieldID       string // the needs inventory field
	Option        string // the option value, or "" for a care-type scale
	Need          string // what they need, in the worksheet's words
	NeedDetail    string // "rated 4 of 4" for scales
	Rating, Max   int    // a scale's rating and top, when the need is a scale
	List          string // the list the need was ticked under, when it is an option
	Offer         string // the giving inventory question the status answers
	Status        OfferStatus
}

// MatchOffers lays the needs the needer expressed (a care type rated in the
// top quarter, a ticked sense or access need) beside what the giver ticked
// in the giving inventory. Nothing is matched until both have submitted; a
// field either kept out of this view, or marked private, is left out.
func MatchOffers(needs worksheet.Schema, needer Side, offers worksheet.Schema, giver Side) []Offer {
	if !needer.Submitted || !giver.Submitted {
		return nil
	}
	var out []Offer
	for _, l := range offerLinks {
		canF, ok := offers.Field(l.can)
		if !ok || canF.Private || giver.hidden(canF.ID) {
			continue
		}
		hardF, hasHard := offers.Field(l.hard)
		hasHard = hasHard && !hardF.Private && !giver.hidden(hardF.ID)
		status := func(value string) OfferStatus {
			switch {
			case hasHard && slices.Contains(giver.Answers.List(hardF.ID), value):
				return OfferHard
			case slices.Contains(giver.Answers.List(canF.ID), value):
				return OfferCan
			}
			return OfferUnsaid
		}
		offered := func(value string) bool { return hasOption(canF, value) }
		if l.need == "" {
			for _, f := range needs.Fields() {
				if f.Type != worksheet.Scale || f.Private || !offered(f.ID) || needer.hidden(f.ID) {
					continue
				}
				v, ok := scaleValue(f, needer.Answers)
				if !ok || !High(v, *f.Min, *f.Max) {
					continue
				}
				out = append(out, Offer{Needer: needer.Name, Giver: giver.Name, FieldID: f.ID, Need: f.Label,
					NeedDetail: fmt.Sprintf("rated %d of %d", v, *f.Max), Rating: v, Max: *f.Max, Offer: canF.Label, Status: status(f.ID)})
			}
			continue
		}
		nf, ok := needs.Field(l.need)
		if !ok || nf.Private || !nf.Type.IsList() || needer.hidden(nf.ID) {
			continue
		}
		ticked := needer.Answers.List(nf.ID)
		for _, o := range nf.Options {
			if !slices.Contains(ticked, o.Value) || !offered(o.Value) {
				continue
			}
			out = append(out, Offer{Needer: needer.Name, Giver: giver.Name, FieldID: nf.ID, Option: o.Value, Need: o.Label,
				NeedDetail: "ticked under “" + nf.Label + "”", List: nf.Label, Offer: canF.Label, Status: status(o.Value)})
		}
	}
	return out
}

func hasOption(f worksheet.Field, value string) bool {
	return slices.ContainsFunc(f.Options, func(o worksheet.Option) bool { return o.Value == value })
}

// OfferSection lays both directions of a pairing out as rows of the
// side-by-side view, so the clinician's page and the joint handout show
// them without a layout of their own: column A is always partner A's
// answer. A need the other finds hard to give is a tension.
func OfferSection(nameA, nameB string, aNeeds, bNeeds []Offer) (Section, []Tension) {
	sec := Section{Heading: "What one needs beside what the other can give", HeadingKey: "couple.offer.heading"}
	var ts []Tension
	add := func(o Offer, neederIsA bool) {
		// The detail as a message: a scale's rating, or the list it was ticked under.
		needKey, tensionKey, detail := "couple.offer.needs_ticked", "couple.tension.offer_ticked", []any{"Label", o.List}
		if o.Option == "" {
			needKey, tensionKey, detail = "couple.offer.needs_rated", "couple.tension.offer_rated", []any{"N", o.Rating, "Max", o.Max}
		}
		need := Answer{State: Answered, Text: "Needs it (" + o.NeedDetail + ")", Key: needKey, Args: detail}
		offer := Answer{State: Answered, Text: map[OfferStatus]string{
			OfferCan: "Can usually give it", OfferHard: "Finds it hard to give", OfferUnsaid: "Did not tick it"}[o.Status],
			Key: map[OfferStatus]string{OfferCan: "couple.offer.can", OfferHard: "couple.offer.hard", OfferUnsaid: "couple.offer.unsaid"}[o.Status]}
		r := Row{FieldID: "offer_" + o.FieldID + "_" + o.Option, Label: o.Needer + "’s need: " + o.Need, Type: worksheet.SingleChoice,
			LabelKey: "couple.offer.row", LabelArgs: []any{"Name", o.Needer, "Need", o.Need}}
		if neederIsA {
			r.A, r.B = need, offer
		} else {
			r.A, r.B = offer, need
		}
		switch o.Status {
		case OfferCan:
			r.Verdict = VerdictAgree
		case OfferHard:
			r.Verdict, r.Tension = VerdictDiffer, true
			ts = append(ts, Tension{Needer: o.Needer, Other: o.Giver, Fields: []string{o.FieldID},
				Text: fmt.Sprintf("%s needs “%s” (%s); %s finds it hard to give.", o.Needer, o.Need, o.NeedDetail, o.Giver),
				Key:  tensionKey, Args: append([]any{"Name", o.Needer, "Partner", o.Giver, "Need", o.Need}, detail...)})
		}
		sec.Rows = append(sec.Rows, r)
	}
	for _, o := range aNeeds {
		add(o, true)
	}
	for _, o := range bNeeds {
		add(o, false)
	}
	return sec, ts
}
