"""Known vulnerabilities of the installed packages (.ci/run, issue 13), by pip-audit against PyPI.

pip-audit asks PyPI's JSON API per release (/pypi/<name>/<version>/json). Where that answers, its
verdict is final: a known vulnerability fails the run. Some machines reach the package registry
but not that URL (every package then comes back "not found on PyPI") nor OSV; there this falls
back to what the project pages (/pypi/<name>/json) say, which list the vulnerabilities of the
latest release only: a package pinned at its latest release is audited exactly, any other is
reported as not audited with its latest version, and the run says plainly that the audit was
partial. Run with the venv's Python: `.venv/bin/python .ci/audit.py`.

Ignored vulnerabilities: IGNORED below, each with the reason (none today)."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

IGNORED: dict[str, str] = {}  # vulnerability id -> why it does not apply here
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    report = _pip_audit()
    deps = report.get("dependencies", [])
    found = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", []) if v["id"] not in IGNORED]
    unreachable = deps and all("not found on PyPI" in (d.get("skip_reason") or "") for d in deps)
    if not unreachable:
        skipped = [d for d in deps if d.get("skip_reason")]
        print(f"pip-audit: {len(deps)} packages, {len(found)} known vulnerabilities, {len(skipped)} skipped")
        for d in skipped:
            print(f"  skipped {d['name']} {d['version']}: {d['skip_reason']}")
        return _verdict(found)
    print("pip-audit could not reach its vulnerability source (PyPI's per-release JSON API or OSV) from this "
          "machine; falling back to the project pages, which cover packages pinned at their latest release.")
    installed = sorted({(d.metadata["Name"], d.version) for d in metadata.distributions()})
    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(_project, (name for name, _version in installed)))
    behind = []
    for (name, version), page in zip(installed, pages, strict=True):
        if page is None:
            behind.append(f"{name} {version} (no project page)")
        elif page["info"]["version"] != version:
            behind.append(f"{name} {version} (latest {page['info']['version']})")
        else:
            found += [(name, version, v) for v in page.get("vulnerabilities", [])
                      if not v.get("withdrawn") and v["id"] not in IGNORED]
    print(f"audited exactly: {len(installed) - len(behind)} of {len(installed)} packages; "
          f"not audited (pinned behind the latest release): {len(behind)}")
    for line in behind:
        print(f"  not audited: {line}")
    return _verdict(found)


def _pip_audit() -> dict:
    result = subprocess.run(  # nosec B603
        [str(PIP_AUDIT), "-s", "pypi", "-f", "json", "--progress-spinner", "off", "--timeout", "15"],
        capture_output=True, text=True, check=False,
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr, file=sys.stderr)
        raise SystemExit("pip-audit failed") from None


def _project(name: str) -> dict | None:
    url = f"https://pypi.org/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=15) as answer:  # nosec B310: a fixed https URL
            return json.load(answer)
    except OSError:
        return None


def _verdict(found: list) -> int:
    for name, version, v in found:
        print(f"VULNERABLE {name} {version}: {v['id']} fixed in {', '.join(v.get('fix_versions') or v.get('fixed_in') or ['?'])}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
