#!/usr/bin/env python3
"""Compare a pg-regress-run JSON result with tests/regress/passing.txt.

usage: regress_ratchet.py RESULT.json PASSING.txt [--check|--update]
--check: exit 1 if a listed file did not pass. --update: rewrite the list with every passing file.
"""
import json
import sys


def main():
    result, listing = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(result) as f:
        doc = json.load(f)
    passed = {t["name"] for t in doc["tests"] if t["status"] == "ok"}
    try:
        with open(listing) as f:
            listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    except FileNotFoundError:
        listed = []
    print("regress: %d files passed, statements %d of %d matched" % (
        len(passed), doc["statements_matched"], doc["statements_total"]))
    if mode == "--update":
        with open(listing, "w") as f:
            f.write("# Regression files that pass against Tusk; CI fails if one of them fails.\n")
            for name in sorted(passed | set(listed)):
                f.write(name + "\n")
        print("updated %s (%d files)" % (listing, len(passed | set(listed))))
        return 0
    regressed = [n for n in listed if n not in passed]
    new = sorted(passed - set(listed))
    if new:
        print("passing but not listed yet: %s" % ", ".join(new))
    if regressed:
        print("FAILED: listed files that no longer pass: %s" % ", ".join(regressed))
        return 1 if mode == "--check" else 0
    print("all %d listed files pass" % len(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
