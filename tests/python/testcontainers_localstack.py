"""Starts the emulator's image with Testcontainers' own LocalStack module, unmodified, and uses
the boto3 client the module makes. Run by tests/tests/localstack_testcontainers.rs with
DOCKER_HOST pointing at Podman's Docker-compatible socket, the reaper disabled and the
connection mode set to the Docker host (these test machines are containers themselves).

Usage: testcontainers_localstack.py IMAGE
"""

import json
import sys
import urllib.request

from testcontainers.community.localstack import LocalStackContainer


def main(image: str) -> None:
    with LocalStackContainer(image=image) as localstack:
        # The module waited for `Ready.` in the logs; its endpoint answers LocalStack's health.
        with urllib.request.urlopen(localstack.get_url() + "/_localstack/health") as response:
            health = json.load(response)
        assert health["services"]["secretsmanager"] == "running", health

        client = localstack.get_client("secretsmanager")
        created = client.create_secret(Name="tc/db", SecretString="from-testcontainers")
        value = client.get_secret_value(SecretId="tc/db")
        assert value["SecretString"] == "from-testcontainers", value
        assert value["ARN"] == created["ARN"], (value, created)
        # The module's region reaches the emulator through the SigV4 scope.
        assert f":{localstack.region_name}:" in created["ARN"], created
        print(json.dumps({"arn": created["ARN"], "health": health}))


if __name__ == "__main__":
    main(sys.argv[1])
