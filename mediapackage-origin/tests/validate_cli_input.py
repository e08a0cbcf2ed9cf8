"""Validates AWS CLI inputs with botocore's own parameter validation (the service models the AWS CLI
uses), without credentials or network.

Usage: python validate_cli_input.py CALLS.json
CALLS.json is a list of {"service": ..., "operation": ..., "input": {...}}. Prints one line per call
and exits 1 when any call's input is refused, naming the call and botocore's report.
"""

import json
import sys

import botocore
import botocore.session
from botocore.validate import ParamValidator


def main(path):
    with open(path, encoding="utf-8") as f:
        calls = json.load(f)
    session = botocore.session.get_session()
    validator = ParamValidator()
    failed = 0
    for call in calls:
        model = session.get_service_model(call["service"])
        shape = model.operation_model(call["operation"]).input_shape
        report = validator.validate(call["input"], shape)
        name = f"{call['service']} {call['operation']}"
        if report.has_errors():
            failed += 1
            print(f"REFUSED {name}:\n{report.generate_report()}")
        else:
            print(f"ok {name}")
    print(f"botocore {botocore.__version__}: {len(calls) - failed} of {len(calls)} inputs valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
