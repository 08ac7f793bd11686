#!/usr/bin/env python3
"""Writes the patched swagger copies the contract layer (scripts/test-contract.sh) serves Prism
from the verbatim official files beside them: the minimal fixes for the specs' documented defects
(spec/connection-requests-v3-2/README.md and spec/request-v4/README.md list each one and why).

Usage: patch-contract-specs.py [OUT_DIR]  (default: write next to the originals under spec/).
The contract layer runs it into a temporary directory and fails if the committed copies differ.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spec")


def load(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return json.load(f)


def patch_connection_requests(d):
    paths = d["paths"]
    # 1. A 204 has no body, but the PUT's 204 declares the `Void` schema.
    del paths["/common/connectionrequests/{id}"]["put"]["responses"]["204"]["schema"]
    # 2. The list is documented (and called) with a trailing slash, which the swagger lacks.
    paths["/common/connectionrequests/"] = json.loads(
        json.dumps(paths["/common/connectionrequests"])
    )
    # 3. `Items` is not typed as an array (all versions), so a page's items were never checked.
    d["definitions"]["ConnectionRequestCollection"]["properties"]["Items"] = {
        "type": "array",
        "items": {"$ref": "#/definitions/ConnectionRequestGet"},
    }
    return d


def patch_request_v4(d):
    paths = d["paths"]
    # 1. Three paths repeat `/v4` under the basePath `/travelrequest/v4`.
    for p in [p for p in paths if p.startswith("/v4/")]:
        paths[p[len("/v4"):]] = paths.pop(p)
    # 2. The server-set dates of an agency proposal are required, so a POST body (which cannot
    #    carry them) never conforms: mark them read-only (still required in responses).
    defs = d["definitions"]
    defs["AgencyProposal"]["properties"]["importDate"]["readOnly"] = True
    defs["AgencyProposalEntry"]["properties"]["transactionDate"]["readOnly"] = True
    return d


PATCHES = [
    (
        "connection-requests-v3-2/ConnectionRequests.swagger.json",
        "connection-requests-v3-2/ConnectionRequests.patched.json",
        patch_connection_requests,
    ),
    (
        "request-v4/ConcurRequest.swagger2.json",
        "request-v4/ConcurRequest.patched.json",
        patch_request_v4,
    ),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else ROOT
    for src, dst, patch in PATCHES:
        target = os.path.join(out, dst)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            json.dump(patch(load(src)), f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
