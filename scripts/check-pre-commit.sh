#!/usr/bin/env bash
# Proves the pre-commit hooks work with the real pre-commit tool: a throwaway repository with
# one bad and one good Terraform file; `pre-commit try-repo` must fail on the bad file and pass
# on the good one. Used by .ci/run. Needs python3 (for a venv) and git.
#
# Usage: scripts/check-pre-commit.sh [HOOK_ID] [--bad-only]
#   HOOK_ID     aiposture-system (default) uses the aiposture on PATH; aiposture builds this
#               repository with cargo first. Every try-repo call builds a fresh environment,
#               so --bad-only (skip the good-file run) halves the cost of the source build.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hook=${1:-aiposture-system}
bad_only=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
pre_commit="$work/venv/bin/pre-commit"
export PRE_COMMIT_HOME="$work/cache"

# try-repo needs the hook definitions committed; a scratch clone of the current tree
# (including uncommitted changes to .pre-commit-hooks.yaml) stands in for the repository.
hooks_repo="$work/hooks-repo"
git clone --quiet "$repo" "$hooks_repo"
cp "$repo/.pre-commit-hooks.yaml" "$hooks_repo/"
git -C "$hooks_repo" add .pre-commit-hooks.yaml
git -C "$hooks_repo" -c user.name=ci -c user.email=ci@localhost commit --quiet -m "hooks under test" --allow-empty

project="$work/project"
mkdir -p "$project/infra"
git -C "$project" init --quiet
cat > "$project/infra/bad.tf" <<'TF'
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
}
TF
cat > "$project/infra/good.tf" <<'TF'
resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

# aiposture:ignore AIP-LOG-001 reason="the organization trail and GuardDuty run from the security account"
resource "aws_sagemaker_notebook_instance" "secure" {
  name                   = "secure"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.ml.arn
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  security_groups        = ["sg-0123456789abcdef0"]

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
TF
git -C "$project" add -A

cd "$project"
if [ "$bad_only" != "--bad-only" ]; then
    echo "-- pre-commit try-repo $hook on the good file (must pass)"
    "$pre_commit" try-repo "$hooks_repo" "$hook" --files infra/good.tf
fi
echo "-- pre-commit try-repo $hook on the bad file (must fail)"
if "$pre_commit" try-repo "$hooks_repo" "$hook" --files infra/bad.tf > "$work/bad.out" 2>&1; then
    cat "$work/bad.out"
    echo "pre-commit passed on infra/bad.tf; it must fail" >&2
    exit 1
fi
cat "$work/bad.out"
grep -q "AIP-SM-005" "$work/bad.out" || { echo "the hook output does not name AIP-SM-005" >&2; exit 1; }
if [ "$bad_only" = "--bad-only" ]; then
    echo "pre-commit hook $hook: fails on the bad file"
else
    echo "pre-commit hook $hook: fails on the bad file, passes on the good one"
fi
