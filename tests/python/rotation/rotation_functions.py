"""Rotation functions for the rotation tests, written for this project: single-user rotation of
a PostgreSQL login, the way Secrets Manager drives any rotation function (createSecret, setSecret,
testSecret, finishSecret), plus deliberately broken variants.

The secret's value is JSON: {"host", "port", "username", "password", "dbname"}. The functions
reach Secrets Manager at $SECRETS_MANAGER_ENDPOINT with boto3, and PostgreSQL with pg8000.
Every invocation is appended to $ROTATION_EVENTS_LOG (one JSON event a line) for the tests.
"""

import json
import os
import time

import boto3
import pg8000.native

PENDING = "AWSPENDING"
CURRENT = "AWSCURRENT"


def secrets_manager():
    return boto3.client(
        "secretsmanager",
        endpoint_url=os.environ["SECRETS_MANAGER_ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def record(event):
    log = os.environ.get("ROTATION_EVENTS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(json.dumps(event) + "\n")


def value_of(client, arn, **selector):
    return json.loads(client.get_secret_value(SecretId=arn, **selector)["SecretString"])


def connect(login):
    return pg8000.native.Connection(
        user=login["username"],
        password=login["password"],
        host=login["host"],
        port=int(login["port"]),
        database=login.get("dbname", "postgres"),
        timeout=10,
    )


def create_secret(client, arn, token):
    """Makes the pending value: the current one with a fresh password, unless already made."""
    try:
        value_of(client, arn, VersionId=token, VersionStage=PENDING)
        return
    except client.exceptions.ResourceNotFoundException:
        pass
    login = value_of(client, arn, VersionStage=CURRENT)
    login["password"] = client.get_random_password(
        PasswordLength=30, ExcludeCharacters="'\"\\/@ :"
    )["RandomPassword"]
    client.put_secret_value(
        SecretId=arn, ClientRequestToken=token, SecretString=json.dumps(login),
        VersionStages=[PENDING],
    )


def set_secret(client, arn, token):
    """Gives the database login the pending password, logged in with the current one."""
    pending = value_of(client, arn, VersionId=token, VersionStage=PENDING)
    try:
        connect(pending).close()
        return  # already set by an earlier attempt
    except pg8000.exceptions.DatabaseError:
        pass
    current = value_of(client, arn, VersionStage=CURRENT)
    connection = connect(current)
    try:
        connection.run(
            f"ALTER USER {pg8000.native.identifier(pending['username'])} "
            f"WITH PASSWORD {pg8000.native.literal(pending['password'])}"
        )
    finally:
        connection.close()


def test_secret(client, arn, token):
    """Logs in with the pending value."""
    pending = value_of(client, arn, VersionId=token, VersionStage=PENDING)
    connection = connect(pending)
    try:
        connection.run("SELECT 1")
    finally:
        connection.close()


def finish_secret(client, arn, token):
    """Makes the pending version current."""
    stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
    current = next(version for version, labels in stages.items() if CURRENT in labels)
    if current == token:
        return
    client.update_secret_version_stage(
        SecretId=arn, VersionStage=CURRENT, MoveToVersionId=token, RemoveFromVersionId=current
    )


def observe_new_version(client, arn, token, stages):
    """Records what the new version looks like before createSecret fills it."""
    try:
        client.get_secret_value(SecretId=arn, VersionId=token, VersionStage=PENDING)
        read = "found"
    except client.exceptions.ResourceNotFoundException as error:
        read = error.response["Error"]["Code"]
    record({"observed": "beforeCreate", "stages": stages, "read": read})


STEPS = {
    "createSecret": create_secret,
    "setSecret": set_secret,
    "testSecret": test_secret,
    "finishSecret": finish_secret,
}


def rotate_postgres(event, context, skip=()):
    record(event)
    client = secrets_manager()
    arn, token = event["SecretId"], event["ClientRequestToken"]
    stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"].get(token)
    if stages is None:
        raise ValueError(f"version {token} of {arn} is not staged for rotation")
    if CURRENT in stages:
        return {}
    if PENDING not in stages:
        raise ValueError(f"version {token} of {arn} is not AWSPENDING")
    if event["Step"] == "createSecret":
        observe_new_version(client, arn, token, stages)
    if event["Step"] not in skip:
        STEPS[event["Step"]](client, arn, token)
    return {}


def rotate_postgres_failing_set(event, context):
    """Refuses to set the password: the rotation stops after createSecret."""
    if event["Step"] == "setSecret":
        record(event)
        raise RuntimeError("the database refused the new password")
    return rotate_postgres(event, context)


def rotate_postgres_without_finish(event, context):
    """Reports success for finishSecret without moving AWSCURRENT."""
    return rotate_postgres(event, context, skip=("finishSecret",))


def hang(event, context):
    """Never answers in time."""
    record(event)
    time.sleep(float(os.environ.get("HANG_SECONDS", "60")))
    return {}
