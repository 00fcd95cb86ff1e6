"""PostgreSQL logins for the rotation tests, on the server `.ci/run` starts
($EMULATOR_TEST_PG_PORT on 127.0.0.1, superuser `postgres` with $EMULATOR_TEST_PG_PASSWORD).

    python pg_login.py create-role NAME PASSWORD   # a login role (dropped first if it exists)
    python pg_login.py login NAME PASSWORD         # exit 0 if the login works, 3 if refused
"""

import os
import sys

import pg8000.native


def connect(user, password):
    return pg8000.native.Connection(
        user=user, password=password, host="127.0.0.1",
        port=int(os.environ["EMULATOR_TEST_PG_PORT"]), database="postgres", timeout=10,
    )


def main():
    command, name, password = sys.argv[1:4]
    if command == "create-role":
        admin = connect("postgres", os.environ["EMULATOR_TEST_PG_PASSWORD"])
        role = pg8000.native.identifier(name)
        admin.run(f"DROP ROLE IF EXISTS {role}")
        admin.run(f"CREATE ROLE {role} LOGIN PASSWORD {pg8000.native.literal(password)}")
        admin.close()
    elif command == "login":
        try:
            connect(name, password).run("SELECT 1")
        except pg8000.exceptions.DatabaseError as error:
            print(f"refused: {error.args[0].get('C', '')}")  # the SQLSTATE, never the password
            sys.exit(3)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
