#!/usr/bin/env bash
# Reads the evidence report as an auditor would: writes the bundle for the bundled example
# (with the waiver fixture: one waiver in force, one expired, one unused), checks the manifest
# hashes, renders report.html in headless Chromium (Debian's `chromium`) and checks that the
# rendered page has the sections, the findings and the waiver records, then prints it to PDF
# and checks the PDF exists and is not empty.
#
#   scripts/check-evidence-render.sh [--keep DIR]
#
# --keep DIR leaves the bundle, rendered DOM and PDF in DIR (to look at the PDF, for example
# with `pdftoppm -png -r 80 DIR/report.pdf DIR/page`). AIPOSTURE names the binary to use
# (default: target/debug/aiposture, built when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

keep=""
if [ "${1:-}" = "--keep" ]; then
    keep="${2:?--keep needs a directory}"
fi

fail() {
    echo "check-evidence-render: $*" >&2
    exit 1
}

command -v chromium >/dev/null || fail "chromium is not installed (apt-get install chromium)"
command -v python3 >/dev/null || fail "python3 is needed to read the manifest"

bin="${AIPOSTURE:-target/debug/aiposture}"
if [ ! -x "$bin" ]; then
    cargo build --quiet
fi

work="$(mktemp -d)"
profile="$(mktemp -d)"
cleanup() {
    rm -rf "$profile"
    if [ -z "$keep" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    work="$(cd "$keep" && pwd)"
fi
bundle="$work/bundle"
rm -rf "$bundle"

"$bin" scan testdata/examples/genai-platform \
    --waivers testdata/evidence/genai-platform-waivers.yaml \
    --format evidence --output "$bundle" --fail-on never
for f in report.html report.json report.md manifest.json; do
    [ -s "$bundle/$f" ] || fail "$f is missing or empty"
done

# The manifest's hashes match the files.
python3 - "$bundle" <<'EOF'
import hashlib, json, pathlib, sys
bundle = pathlib.Path(sys.argv[1])
manifest = json.loads((bundle / "manifest.json").read_text())
names = sorted(f["path"] for f in manifest["files"])
if names != ["report.html", "report.json", "report.md"]:
    sys.exit(f"manifest lists {names}")
for f in manifest["files"]:
    digest = hashlib.sha256((bundle / f["path"]).read_bytes()).hexdigest()
    if digest != f["sha256"]:
        sys.exit(f"{f['path']}: sha256 {digest} does not match the manifest's {f['sha256']}")
print("manifest: every hash verifies")
EOF

# Start-up flags keep Chromium off the network: no background networking, component updates,
# sync or QUIC, and a throwaway profile.
chrome() {
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>"$work/chromium.log"
}

url="file://$bundle/report.html"
chrome --dump-dom "$url" >"$work/dom.html" || fail "chromium could not render report.html (see $work/chromium.log)"
[ -s "$work/dom.html" ] || fail "the rendered DOM is empty"

# Sections, findings and waiver records, as the reader sees them after rendering.
python3 - "$work/dom.html" "$bundle/report.json" <<'EOF'
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
report = json.load(open(sys.argv[2], encoding="utf-8"))
text = re.sub(r"<[^>]+>", " ", dom)
text = re.sub(r"\s+", " ", text).replace("&amp;", "&")
missing = []
def need(what, haystack=text):
    if what not in haystack:
        missing.append(what)
for section in ["summary", "provenance", "controls", "inventory", "acceptances", "findings", "unseen", "rules", "verify"]:
    need(f'id="{section}"', dom)
for heading in ["1. Summary", "The most important things to fix", "What this scan could not see",
                "2. Provenance", "3. Controls by framework", "4. AI asset inventory",
                "5. Risk acceptances", "6. Findings", "9. Verifying this bundle",
                "OWASP Top 10 for LLM Applications", "NIST AI Risk Management Framework",
                "ISO/IEC 42001 Annex A", "MITRE ATLAS mitigations"]:
    need(heading)
# Every finding, by its ref, rule and resource.
for f in report["findings"]:
    need(f'id="{f["ref"]}"', dom)
    need(f["rule_id"])
    need(f["resource"]["address"])
# The waiver records: in force, expired, unused, with approver, dates and tickets.
for ticket in ["RISK-118", "RISK-097", "RISK-121"]:
    need(ticket)
for word in ["EXPIRED", "UNUSED", "head-of-security@example.com", "ciso@example.com",
             "2099-12-31", "2025-01-31", "Research sandbox account with no customer data"]:
    need(word)
# Provenance: the rules digest and every input file's hash.
need(report["tool"]["rules_digest"])
for i in report["provenance"]["inputs"]:
    need(i["sha256"])
# The example's fake OpenAI key stays redacted.
if "R8ugneDJ7CFKfue08OicSjXXGlbuXLOiwfWEydcew6AbdmM1" in dom:
    missing.append("(the secret appears unredacted)")
if missing:
    sys.exit("rendered report.html lacks: " + ", ".join(missing))
print(f"rendered DOM: {len(report['findings'])} findings, sections and waiver records present")
EOF

chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "$url" \
    || fail "chromium could not print report.html (see $work/chromium.log)"
[ -s "$work/report.pdf" ] || fail "the PDF is missing or empty"
head -c 5 "$work/report.pdf" | grep -q '%PDF-' || fail "report.pdf is not a PDF"
echo "PDF: $(wc -c <"$work/report.pdf") bytes"
echo "check-evidence-render: ok${keep:+ (kept in $keep)}"
