# The emulator as a container image: one statically linked binary in an otherwise empty
# (`scratch`) image, listening on 0.0.0.0:4566 as a non-root user.
#
#   docker build -t secretsmanager-emulator . && docker run -p 4566:4566 secretsmanager-emulator
#
# The default (last) stage compiles the binary in a Rust image (`source`), so the host needs no
# Rust. `--target from-host` instead takes a binary already built on this machine (the command
# is in the README); CI builds the image that way, since no registry is reachable there.

FROM docker.io/library/rust:1.95-bookworm AS source
WORKDIR /src
COPY . .
# `+crt-static` links glibc statically; `--target` keeps build scripts and macros dynamic.
RUN RUSTFLAGS="-C target-feature=+crt-static" \
    cargo build --release --locked -p service \
      --target x86_64-unknown-linux-gnu --target-dir target/static \
 && mkdir -p /rootfs/data \
 && cp target/static/x86_64-unknown-linux-gnu/release/secretsmanager-emulator /rootfs/

FROM scratch AS host
# Before the COPY, so that the (empty) directory is in the layer.
WORKDIR /rootfs/data
COPY target/static/x86_64-unknown-linux-gnu/release/secretsmanager-emulator /rootfs/

# What every variant of the image is, apart from where its binary comes from.
FROM scratch AS runtime
USER 65532:65532
# Every flag has an environment variable (see the README). In memory unless
# EMULATOR_DATA_DIR=/data; seed files mounted into LocalStack's ready.d are loaded at start.
ENV EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=4566 \
    EMULATOR_INIT_DIR=/etc/localstack/init/ready.d
EXPOSE 4566
HEALTHCHECK --interval=10s --timeout=3s --start-period=1s --retries=3 \
  CMD ["/secretsmanager-emulator", "healthcheck"]
ENTRYPOINT ["/secretsmanager-emulator"]

FROM runtime AS from-host
COPY --from=host /rootfs/secretsmanager-emulator /secretsmanager-emulator
# Owned by the user, so that a named volume mounted here starts writable.
COPY --from=host --chown=65532:65532 /rootfs/data /data

FROM runtime AS from-source
COPY --from=source /rootfs/secretsmanager-emulator /secretsmanager-emulator
COPY --from=source --chown=65532:65532 /rootfs/data /data
