// Package httpx holds what the pages (package web) and the JSON API
// (package api) share: the one error table and its answers, problem+json,
// the actor in the request context, the route-registration function type
// and the request-size limit. It imports neither web nor api.
package httpx
