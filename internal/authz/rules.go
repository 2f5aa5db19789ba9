package authz

// The rules a route may need, one constant per object and action in
// policies/policy.csv. Routes are registered with these, never with strings,
// so a misspelt rule is a compile error; TestRules_MatchPolicy fails when a
// constant has no policy line or a policy line has no constant.
const (
	AccountRead       Rule = "account:read"
	AccountWrite      Rule = "account:write"
	AssignmentsAssign Rule = "assignments:assign"
	AssignmentsRead   Rule = "assignments:read"
	AssignmentsReview Rule = "assignments:review"
	AuditRead         Rule = "audit:read"
	BreakglassRead    Rule = "breakglass:read"
	BreakglassWrite   Rule = "breakglass:write"
	ClientsRead       Rule = "clients:read"
	ClientsWrite      Rule = "clients:write"
	CommentsWrite     Rule = "comments:write"
	DashboardRead     Rule = "dashboard:read"
	DemoClockWrite    Rule = "demo_clock:write"
	DigestWrite       Rule = "digest:write"
	GuidesRead        Rule = "guides:read"
	HandoutsPrint     Rule = "handouts:print"
	MeRead            Rule = "me:read"
	MeWrite           Rule = "me:write"
	MFARead           Rule = "mfa:read"
	MFAWrite          Rule = "mfa:write"
	MFAPolicyRead     Rule = "mfa_policy:read"
	MFAPolicyWrite    Rule = "mfa_policy:write"
	ModulesPublish    Rule = "modules:publish"
	ModulesRead       Rule = "modules:read"
	ModulesWrite      Rule = "modules:write"
	OutboxRead        Rule = "outbox:read"
	PracticeExport    Rule = "practice:export"
	PracticeRead      Rule = "practice:read"
	PracticeWrite     Rule = "practice:write"
	ProgramsRead      Rule = "programs:read"
	ProgramsWrite     Rule = "programs:write"
	SafetyRead        Rule = "safety:read"
	SafetyWrite       Rule = "safety:write"
	SessionDelete     Rule = "session:delete"
	UsersRead         Rule = "users:read"
	UsersWrite        Rule = "users:write"
	WorksheetsPublish Rule = "worksheets:publish"
	WorksheetsRead    Rule = "worksheets:read"
	WorksheetsWrite   Rule = "worksheets:write"
)

// AllRules lists every rule constant, for the policy check.
func AllRules() []Rule {
	return []Rule{
		AccountRead,
		AccountWrite,
		AssignmentsAssign,
		AssignmentsRead,
		AssignmentsReview,
		AuditRead,
		BreakglassRead,
		BreakglassWrite,
		ClientsRead,
		ClientsWrite,
		CommentsWrite,
		DashboardRead,
		DemoClockWrite,
		DigestWrite,
		GuidesRead,
		HandoutsPrint,
		MeRead,
		MeWrite,
		MFARead,
		MFAWrite,
		MFAPolicyRead,
		MFAPolicyWrite,
		ModulesPublish,
		ModulesRead,
		ModulesWrite,
		OutboxRead,
		PracticeExport,
		PracticeRead,
		PracticeWrite,
		ProgramsRead,
		ProgramsWrite,
		SafetyRead,
		SafetyWrite,
		SessionDelete,
		UsersRead,
		UsersWrite,
		WorksheetsPublish,
		WorksheetsRead,
		WorksheetsWrite,
	}
}
