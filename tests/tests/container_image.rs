//! The container image: the repository's Dockerfile built and run with Podman, driven with the
//! AWS SDK as users drive it. What is not covered (the Dockerfile's `source` stage, which needs
//! a registry) is said in `podman/mod.rs`.

mod common;
mod podman;

use common::{RawRequest, config_at, send_to};
use podman::{Podman, unique_name};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

/// The issue's bound on the image.
const MAX_IMAGE_BYTES: u64 = 15_000_000;

fn client_at(address: std::net::SocketAddr) -> aws_sdk_secretsmanager::Client {
    aws_sdk_secretsmanager::Client::from_conf(
        config_at(&format!("http://{address}"), "us-east-1", "test", "test").build(),
    )
}

#[tokio::test]
async fn the_image_serves_persists_answers_its_health_check_and_stops_on_sigterm() {
    let podman = Podman::new();
    let image = podman.build_image(&format!(
        "localhost/{}:test",
        unique_name("secretsmanager-emulator")
    ));

    // Small, one static binary run by a non-root user, with a health check of its own.
    let size: u64 = image.inspect("{{.Size}}").parse().expect("image size");
    assert!(
        size <= MAX_IMAGE_BYTES,
        "the image is {size} bytes, over {MAX_IMAGE_BYTES}"
    );
    assert_eq!(image.inspect("{{.Config.User}}"), "65532:65532");
    assert_eq!(
        image.inspect("{{json .Config.Healthcheck.Test}}"),
        r#"["CMD","/secretsmanager-emulator","healthcheck"]"#
    );

    // A seed file in LocalStack's init directory, mounted read-only.
    let init = tempfile::tempdir().expect("init directory");
    std::fs::set_permissions(init.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        init.path().join("fixtures.yaml"),
        "- name: seeded/db\n  value: from-the-init-directory\n",
    )
    .unwrap();
    let volume = podman.volume(&unique_name("secretsmanager-emulator-data"));
    let run_args = [
        "--publish",
        "127.0.0.1::4566",
        "--publish",
        "127.0.0.1::2773",
        "--volume",
        &format!("{}:/data", volume.name),
        "--volume",
        &format!("{}:/etc/localstack/init/ready.d:ro", init.path().display()),
        "--env",
        "EMULATOR_DATA_DIR=/data",
        "--env",
        "EMULATOR_AGENT_PORT=2773",
        // Podman runs health checks from systemd timers; `podman healthcheck run` below asks
        // directly instead.
        "--health-interval",
        "disable",
        &image.tag,
    ];

    let container = podman.start(&run_args);
    container.wait_until_ready();
    let client = client_at(container.published(4566));
    assert_eq!(
        common::current_value(&client, "seeded/db").await,
        "from-the-init-directory"
    );
    common::create_secret(&client, "app/db", "first").await;
    assert_eq!(common::current_value(&client, "app/db").await, "first");
    client
        .put_secret_value()
        .secret_id("app/db")
        .secret_string("second-v4lue")
        .send()
        .await
        .expect("PutSecretValue");
    let listed = client.list_secrets().send().await.expect("ListSecrets");
    let mut names: Vec<&str> = listed
        .secret_list()
        .iter()
        .filter_map(|entry| entry.name())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["app/db", "seeded/db"]);
    // A read signed for another region is not found, and the log says where the secret is.
    let elsewhere = aws_sdk_secretsmanager::Client::from_conf(
        config_at(
            &format!("http://{}", container.published(4566)),
            "eu-west-1",
            "test",
            "test",
        )
        .build(),
    );
    assert!(
        elsewhere
            .get_secret_value()
            .secret_id("app/db")
            .send()
            .await
            .is_err()
    );

    // The agent endpoint on its own published port.
    let agent = tokio::time::timeout(
        Duration::from_secs(10),
        send_to(
            container.published(2773),
            RawRequest::new("GET", "/secretsmanager/get?secretId=app%2Fdb")
                .header("X-Aws-Parameters-Secrets-Token", "any"),
        ),
    )
    .await
    .expect("the agent endpoint answers");
    assert_eq!(agent.status, 200, "{}", agent.body);
    assert_eq!(agent.json()["SecretString"], "second-v4lue");

    // The image's HEALTHCHECK, run by the engine.
    podman.run(&["healthcheck", "run", &container.id]);

    // SIGTERM, with SIGKILL one second later: a clean exit (0, `stopped`) means it stopped
    // within that second.
    podman.run(&["stop", "--time", "1", &container.id]);
    assert_eq!(container.inspect("{{.State.ExitCode}}"), "0");
    let logs = container.logs();
    assert!(logs.contains("stopped"), "{logs}");
    assert!(
        logs.contains("secret not found: a secret named app/db exists in account 000000000000 region us-east-1"),
        "{logs}"
    );
    assert!(
        !logs.contains("second-v4lue"),
        "a value in the logs:\n{logs}"
    );
    drop(container);

    // A new container on the same volume finds the data; LocalStack's GATEWAY_LISTEN moves it.
    let mut restart_args = vec![
        "--env",
        "GATEWAY_LISTEN=:4567",
        "--publish",
        "127.0.0.1::4567",
    ];
    restart_args.extend_from_slice(&run_args);
    let restarted = podman.start(&restart_args);
    restarted.wait_until_ready();
    let client = client_at(restarted.published(4567));
    assert_eq!(
        common::current_value(&client, "app/db").await,
        "second-v4lue"
    );
}
