package web

import (
	"encoding/json"
	"net/http"
)

// problemJSON renders application/problem+json.
type problemJSON struct{ v any }

func (p problemJSON) Render(w http.ResponseWriter) error {
	p.WriteContentType(w)
	return json.NewEncoder(w).Encode(p.v)
}

func (p problemJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
