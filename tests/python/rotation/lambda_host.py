"""A small Lambda Invoke API host for the rotation tests: serves
POST /2015-03-31/functions/{name}/invocations as Lambda does for RequestResponse invocations.

    python lambda_host.py NAME=HANDLER [NAME=HANDLER ...]

HANDLER names a function of rotation_functions.py. The host listens on a free loopback port and
prints it on the first line of stdout. A handler that raises is answered as Lambda answers a
function error (200, X-Amz-Function-Error: Unhandled, errorType/errorMessage); an unknown function
gets Lambda's 404 ResourceNotFoundException. Each invocation runs on its own thread, as functions
call back into the emulator while other invocations may be waiting.
"""

import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rotation_functions

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")


def main():
    functions = {}
    for argument in sys.argv[1:]:
        name, handler = argument.split("=", 1)
        functions[name] = getattr(rotation_functions, handler)

    class Invoke(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            match = INVOKE_PATH.match(self.path)
            handler = functions.get(match.group(1)) if match else None
            if handler is None:
                self.answer(404, {"Type": "User", "Message": f"Function not found: {self.path}"},
                            {"x-amzn-ErrorType": "ResourceNotFoundException"})
                return
            try:
                result = handler(json.loads(body), None)
            except Exception as error:  # the function failed: Lambda reports, never crashes
                self.answer(200, {"errorType": type(error).__name__, "errorMessage": str(error)},
                            {"X-Amz-Function-Error": "Unhandled"})
                return
            self.answer(200, result)

        def answer(self, status, payload, headers=None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass  # the emulator logs every invocation

    server = ThreadingHTTPServer(("127.0.0.1", 0), Invoke)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
