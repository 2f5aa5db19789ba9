# syntax=docker/dockerfile:1
# Tend in a container: a static Go binary on a small Debian base.
#   docker build --build-arg VERSION=$(git describe --always --dirty) -t tend .
# Templates, migrations, policies, fonts and the built-in library are embedded
# in the binary, so the image needs nothing else from the source tree.

FROM golang:1.26-bookworm AS build
# go.mod may name a newer 1.26 patch than a cached image holds: fetch it then.
ENV GOTOOLCHAIN=auto
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/tend-practice/tend/internal/app.Version=${VERSION}" \
      -o /out/tend ./cmd/tend

# debian-slim rather than distroless so that the health check can use curl.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 tend \
 && useradd --system --uid 10001 --gid tend --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tend
COPY --from=build /out/tend /usr/local/bin/tend
USER 10001:10001
ENV TEND_LISTEN=0.0.0.0:8080
EXPOSE 8080
# The health check assumes the default port; change both together.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/readyz || exit 1
# `docker run IMAGE` serves; `docker run IMAGE migrate up` (or any other
# subcommand, see `tend --help`) runs that instead.
ENTRYPOINT ["tend"]
CMD ["serve"]
