package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/demo"
	"github.com/tend-practice/tend/internal/worksheet"
)

// safetySheet is a worksheet of this test's own with an urgent rule (the
// built-in ones belong to the content helpers).
func safetySheet() worksheet.Schema {
	ten, zero := 10, 0
	return worksheet.Schema{Slug: "safety-check", Title: "Safety check", Summary: "A check-in.", Sections: []worksheet.Section{{Fields: []worksheet.Field{
		{ID: "upset", Type: worksheet.Scale, Label: "How upset do I feel about it now?", Min: &zero, Max: &ten, MinLabel: "Not at all", MaxLabel: "Extremely"},
		{ID: "talk", Type: worksheet.YesNo, Label: "I'd like to talk about this in session"},
	}}}, FlagRules: []worksheet.FlagRule{
		{Field: "upset", Op: worksheet.OpGTE, Value: json.RawMessage("9"), Message: "Rated how upset they feel at 9 or more.", Severity: worksheet.SeverityUrgent},
		{Field: "talk", Op: worksheet.OpIsYes, Message: "Would like to talk about this in session.", Severity: worksheet.SeverityDiscuss},
	}}
}

// A client answers distress 9 on a phone and sees the practice's crisis
// contacts (never the flag); the clinician finds it under Urgent, reads the
// reason and value, and acknowledges it.
func TestJourney_UrgentAnswerSupportPanelAcknowledge(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	admin := s.staff(auth.RoleAdmin, "admin@example.test", "Ada Admin")
	if err := s.App.Safety.Save(ctx, admin, demo.Safety); err != nil {
		t.Fatal(err)
	}
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	if _, err := s.App.Worksheets.Save(ctx, sam, safetySheet()); err != nil {
		t.Fatal(err)
	}
	robin := s.clientAccount(sam, "Robin", "robin@example.test")
	id := s.assign(sam, robin.ClientID, "worksheet", "safety-check", "")
	path := fmt.Sprintf("/me/assignments/%d", id)

	client := s.browser(phone)
	client.signIn("robin@example.test", testPassword)
	client.visit(path)
	client.within(".scale-field").see("If you need help now: Crisis line (demo example) 0000 000 001")
	client.choose("upset", "9")
	client.choose("talk", "yes")
	client.submitFinal("Submit to Dr. Sam Rivera")
	client.waitPath(path)
	panel := client.inSection("If you need help now")
	panel.see("Crisis line (demo example)")
	panel.see("Call 0000 000 001")
	panel.see("Domestic abuse line (demo example)")
	panel.see("Harbour Therapy (demo)")
	panel.see("Tend is not watched in real time.")
	client.notSee("Rated how upset")
	client.notSee("Urgent")
	client.axe()
	client.fitsWidth()
	client.docsScreenshot("safety-support-panel", 1800)

	clinician := s.browser(desktop)
	clinician.signIn("sam@example.test", testPassword)
	clinician.waitPath("/clinician")
	urgent := clinician.inSection("Urgent")
	urgent.see("Robin: Safety check")
	urgent.see("How upset do I feel about it now? 9/10")
	urgent.see("Rated how upset they feel at 9 or more.")
	clinician.inSection("Discuss").notSee("Robin:")
	clinician.axe()
	clinician.docsScreenshot("safety-dashboard-urgent", 900)
	urgent.click("Robin: Safety check")
	clinician.waitPath(fmt.Sprintf("/clinician/assignments/%d", id))
	clinician.inSection("Flags").see("How upset do I feel about it now? 9/10")
	clinician.axe()
	clinician.click("Acknowledge")
	clinician.waitPath(fmt.Sprintf("/clinician/assignments/%d", id))
	clinician.inSection("Flags").see("acknowledged by Dr. Sam Rivera")
	clinician.screenshot("safety-reflection-acknowledged")
	clinician.click("Dashboard")
	clinician.inSection("Urgent").notSee("Robin:")
	clinician.inSection("Discuss").see("Robin: Safety check")
	clinician.axe()
}
